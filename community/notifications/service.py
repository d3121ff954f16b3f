def notify(recipients, event, *, target, actor=None, title, url=None):
    return []

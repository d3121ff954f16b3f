"""Notifications: the bell, the list, per-event e-mail preferences, immediate
e-mails and the daily digest. Other apps call `service.notify()` and register
their event types with `events.register_event()` from their AppConfig.ready."""

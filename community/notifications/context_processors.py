def notifications(request):
    return {}

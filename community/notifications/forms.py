from django import forms

from .events import Delivery, registered_events


class PreferencesForm(forms.Form):
    """One choice per registered event, plus the stop-all switch."""

    stop_all = forms.BooleanField(
        label="Stop all e-mail from the community",
        required=False,
        help_text="Notifications still appear under the bell; nothing is e-mailed, "
        "whatever you choose below.",
    )

    def __init__(self, *args, current, stopped_all, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stop_all"].initial = stopped_all
        self.event_fields = {}
        for event in registered_events():
            # Dots are awkward in HTML ids and CSS selectors.
            name = "event__" + event.key.replace(".", "__")
            self.fields[name] = forms.ChoiceField(
                label=event.label,
                help_text=event.description,
                choices=Delivery.choices,
                initial=current[event.key],
                widget=forms.RadioSelect,
            )
            self.event_fields[name] = event

    def event_bound_fields(self):
        return [self[name] for name in self.event_fields]

    def choices(self):
        return {event.key: self.cleaned_data[name] for name, event in self.event_fields.items()}

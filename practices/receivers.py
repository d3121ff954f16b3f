from django.db.models.signals import pre_delete
from django.dispatch import receiver

from community.models import User

from . import flows
from .flows import ratings


@receiver(pre_delete, sender=User)
def take_back_votes(sender, instance, **kwargs):
    # Votes go with their person (on_delete CASCADE), which bypasses the
    # counters; pre_delete runs inside the deletion's transaction, so the
    # counters and the rows they count change together.
    flows.take_back_votes(instance)


@receiver(pre_delete, sender=User)
def take_back_ratings(sender, instance, **kwargs):
    # As with votes: "helpful" ratings go with their person.
    ratings.take_back_ratings(instance)

"""In-app notifications (the bell) and their emails. ``notify`` is idempotent by key: the same
message to the same person is created once, and its email is sent once, after the commit,
even when two cron runs race (the row is claimed by a conditional update before sending)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


def notify(*, recipients: Iterable[Any], kind: str, key: str, title: str, body: str = "", url: str = "") -> int:
    """Create the notification for each recipient who does not have ``key`` yet; email after commit.
    Returns how many were created."""
    people = {p.pk: p for p in recipients if getattr(p, "pk", None)}
    if not people:
        return 0
    have = set(Notification.objects.filter(recipient_id__in=people, key=key).values_list("recipient_id", flat=True))
    rows = [Notification(recipient_id=pk, kind=kind, key=key[:120], title=str(title)[:200], body=str(body),
                         url=url) for pk in people if pk not in have]
    # A concurrent run that created the same rows first wins; ours are skipped by the unique key.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    emails = {pk: people[pk].email for pk in people if pk not in have and people[pk].email}
    if emails:
        transaction.on_commit(lambda: send_pending_emails(key=key, emails=emails))
    return len(rows)


def send_pending_emails(*, key: str, emails: dict[Any, str]) -> int:
    sent = 0
    for notification in Notification.objects.filter(key=key, recipient_id__in=emails, emailed_at__isnull=True):
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now())
        if not claimed:
            continue  # another run sent it
        # TONGCHOU_SITE_URL (e.g. https://tongchou.example.gov.cn) makes the link absolute in the email.
        site = getattr(settings, "TONGCHOU_SITE_URL", "").rstrip("/")
        link = f"\n\n{site}{notification.url}" if notification.url else ""
        send_mail(notification.title, f"{notification.body}{link}", settings.DEFAULT_FROM_EMAIL,
                  [emails[notification.recipient_id]], fail_silently=True)
        sent += 1
    return sent


@transaction.atomic
def notification_mark_read(*, actor: Any, pk: Any = None) -> int:
    """Mark one (``pk``) or all of ``actor``'s notifications read. Only one's own."""
    qs = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())

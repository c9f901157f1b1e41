"""Webhooks: subscriptions, the transactional outbox and the dispatcher (issue 16).

- ``soorten``: the event kinds, who may receive them, and the payload of each (the API view).
- ``outbox``: writes one ``WebhookBericht`` per matching subscription in the caller's transaction.
- ``doel``: the SSRF check of a target URL.
- ``dispatcher``: claims due berichten (lease; ``FOR UPDATE SKIP LOCKED`` on PostgreSQL), signs
  them per Standard Webhooks and delivers them with retries, backoff, a maximum age and a dead letter.
"""

from service.webhooks import outbox as outbox  # hooks the outbox into ``audit.record``

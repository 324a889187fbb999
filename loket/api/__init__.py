"""The REST API's infrastructure (issue #12): OAuth2 clients, idempotency, problem details,
throttling, pagination, the access log and webhooks. Each domain app adds its own resources
(``<app>/api/``); this package imports none of them."""

"""Loyalty programs, one module per kind; `engine.quote_sale` combines whichever a shop runs."""

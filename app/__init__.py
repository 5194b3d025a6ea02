"""TensorDojo web platform: pages, JSON API, accounts and the judging queue."""

"""Web app tests: in-process app (TestClient) and live `tensordojo serve` processes."""

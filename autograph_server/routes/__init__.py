"""HTTP routes, one module per area; each is thin and calls the services."""

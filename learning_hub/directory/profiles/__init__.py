"""My profile: its services, pages and the claim of an imported account."""

"""Coordinators' CSV imports (strict reader, row rules, country names) and the directory export."""

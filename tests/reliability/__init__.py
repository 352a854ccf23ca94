"""The reliability matrix (a package, so that its conftest does not shadow the suite's own ``conftest``)."""

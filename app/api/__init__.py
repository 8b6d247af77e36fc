"""HTTP routers, one per concern; handlers validate, call one core function and return."""

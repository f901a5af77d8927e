"""Win/loss retrospectives: outcomes, loss reasons and competitors (managed lists), lessons that
become knowledge items, and the report queries behind the dashboard."""

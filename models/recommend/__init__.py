"""Recommendations: public spaces to activate, portfolios within a budget, neighbourhoods to prioritise."""

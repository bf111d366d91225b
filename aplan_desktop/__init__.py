"""aplan: anti-corruption action plans and their execution reports, offline."""

__version__ = "0.1.0"

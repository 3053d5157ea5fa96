"""The ``sim`` command line: thin typer commands over the :mod:`sim` library."""

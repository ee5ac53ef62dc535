"""One module per upstream. Each returns tidy frames (see indicators.model) plus provenance;
upstream quirks (codes, status symbols, layouts) stop here."""

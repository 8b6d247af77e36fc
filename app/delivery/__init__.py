"""How bytes reach the reader: compression, static files, plotly.js, headers, limits, the server protocol and its stop."""

"""One by One: a visual explainer of how a 1x1 convolution is a fully connected layer."""

__version__ = "0.1.0"

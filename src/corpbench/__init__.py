"""corpbench: benchmark NHS corporate services and plan the shared-service changes that close the gap."""

__version__ = "0.1.0"

"""corpbench: benchmark NHS corporate services and plan the shared services that close the gap."""

__version__ = "0.1.0"

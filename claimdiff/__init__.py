"""claimdiff: claim-versus-claim contradiction tracker."""

__version__ = "0.1.0"

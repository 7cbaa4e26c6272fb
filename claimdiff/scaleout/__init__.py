"""Other executors for the same engine. Nothing here is imported by the default install:
`claimdiff scan --ray` imports scaleout.ray_exec, which is the only module that imports Ray."""

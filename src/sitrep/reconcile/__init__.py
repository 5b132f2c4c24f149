"""Many reports read together: events reconciled into incidents (`incidents`), each figure's history
of claims over time (`history`, `voices`), its grade (`grades`), the claimants' track record
(`claimants`) and the words that name a figure (`wording`).

It may import the root modules and `sitrep.extract`; never a store, a source or an output.
"""

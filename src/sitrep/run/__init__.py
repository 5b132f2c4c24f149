"""Running the stages: one report through extraction (`pipeline`), many reports in batches
(`batch`), a whole store reconciled (`reconciling`), the workbench over a store (`workbench`) and
feeds watched (`watch`).

It may import every layer below it (root, extract, reconcile, store, sources, present); only the
dashboard (`sitrep.web`) and the command line (`sitrep.cli`) import it.
"""

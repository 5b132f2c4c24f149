"""Where reports come from: files and folders (`ingest`), the web (`fetch`), feeds (`feeds`) and
the copies one story makes across outlets (`copies`).

It may import the root modules, `sitrep.extract` (cleaning a page) and `sitrep.store`.
"""

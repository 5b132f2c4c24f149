"""Records for people and programs: the JSON the contract promises (`output`), the situation report
in text, Markdown (`report`) and HTML (`html`, `charts`), and exports (`export`).

It may import the root modules, `sitrep.extract`, `sitrep.reconcile`, `sitrep.store` and
`sitrep.sources`; never `sitrep.run`, the dashboard (`sitrep.web`) or the command line.
"""

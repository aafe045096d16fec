"""Outputs: machine CSV (data standard §3), XLSX workbooks for people, the blank return workbook,
the board PDF, and the one formula-injection rule they all apply
(:mod:`corpbench.documents.safe`)."""

"""Importing (and exporting) innovations. Start at service.run_import.

    JSON Lines -> reader.read_jsonl ---------------.
    XLSX / CSV -> spreadsheet.read_spreadsheet       |
               -> sheet_rows (columns + names:       |
                  names to codes, one row a record) -+-> service.run_import -> report
                                                          validation (+ innovations.rules)
                                                          writer.ImportPlan (new/changed/same)
                                                          bulk.BulkPageCreator (new pages)
                                                          writer.PageWriter (changed pages)

The command (management/commands/import_innovations.py) and the admin's screen
(innovations/import_views.py, with jobs.py for its check/confirm steps and tasks.py for
large files) are its two callers. export.py and template.py write spreadsheets in the same
columns (columns.py), so that an export can be edited and imported back.
"""

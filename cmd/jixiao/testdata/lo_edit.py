#!/usr/bin/python3
"""Edits workbooks in LibreOffice Calc as a department would, through
Python-UNO, in one headless LibreOffice session.

usage: lo_edit.py PROFILE_DIR JOBS.json

JOBS.json is a list of {"in": path, "out": path, "ops": [...]}, each op one of
  {"op": "delete_row", "name": "三级指标 name"}       the row showing the name
  {"op": "insert_row", "after": "name"}               an empty row below it
  {"op": "set", "name": "name", "col": "F", "value": "7600人"}
                                                        a cell of that row ("after": "name"
                                                        for the row below it; "number": true
                                                        to type a number)
  {"op": "set_cell", "cell": "B3", "value": "..."}    any cell
  {"op": "comment", "cell": "F14", "text": "..."}     a cell comment (批注)
and [] saves the workbook unchanged. Each workbook is saved as Excel 2007-365.
"""
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.table import CellAddress


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(profile):
    pipe = "jixiao%d" % os.getpid()
    proc = subprocess.Popen(["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--invisible",
                             "--norestore", "--nologo", "--accept=pipe,name=%s;urp;" % pipe],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            return proc, ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            if proc.poll() is not None:
                sys.exit("soffice exited with %d" % proc.returncode)
            time.sleep(0.1)
    proc.kill()
    sys.exit("cannot connect to soffice")


def find_row(sheet, name):
    """The 0-based row whose column D (三级指标) shows name."""
    for r in range(0, 2000):
        if sheet.getCellByPosition(3, r).getString() == name:
            return r
    raise SystemExit("no row named %r" % name)


def col(letter):
    return ord(letter) - ord("A")


def edit(desktop, job):
    url = uno.systemPathToFileUrl(os.path.abspath(job["in"]))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    sheet = doc.Sheets.getByIndex(0)
    was = sheet.isProtected()
    if was:
        sheet.unprotect("")
    for op in job["ops"]:
        kind = op["op"]
        if kind == "delete_row":
            sheet.Rows.removeByIndex(find_row(sheet, op["name"]), 1)
        elif kind == "insert_row":
            sheet.Rows.insertByIndex(find_row(sheet, op["after"]) + 1, 1)
        elif kind == "set":
            row = find_row(sheet, op["name"]) if "name" in op else find_row(sheet, op["after"]) + 1
            cell = sheet.getCellByPosition(col(op["col"]), row)
            if op.get("number"):
                cell.setValue(float(op["value"]))
            else:
                cell.setString(op["value"])
        elif kind == "set_cell":
            sheet.getCellRangeByName(op["cell"]).setString(op["value"])
        elif kind == "comment":
            c = sheet.getCellRangeByName(op["cell"]).getCellAddress()
            addr = CellAddress(c.Sheet, c.Column, c.Row)
            sheet.getAnnotations().insertNew(addr, op["text"])
        else:
            raise SystemExit("unknown op %r" % kind)
    if was:
        sheet.protect("")
    out = uno.systemPathToFileUrl(os.path.abspath(job["out"]))
    doc.storeToURL(out, (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)


def main():
    profile, jobs = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
    proc, desktop = connect(profile)
    try:
        for job in jobs:
            edit(desktop, job)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()

package xlsx

import (
	"bytes"
	"io"

	"jixiao"
)

// EditsKept tells whether a new workbook (fresh, as jixiao just wrote it)
// holds every edit a department made to an old one, so that writing it over
// the old one loses nothing: the old one was unedited, or its edits were
// imported into the data the new one was made from. Its sheets, in order,
// are merged three ways (records of the old, its cells, the data of the new
// as the new workbook reads back) and must change nothing and conflict
// nowhere. A workbook with comments, images or drawings (which jixiao does
// not keep) never is; nor is one that records nothing, unless its values
// are exactly the new one's (the fingerprints agree).
func EditsKept(old io.Reader, fresh []byte) (bool, error) {
	data, err := readWorkbook(old)
	if err != nil {
		return false, err
	}
	stored, actual, err := Fingerprints(bytes.NewReader(data))
	if err != nil {
		return false, err
	}
	if stored == actual {
		return true, nil
	}
	_, now, err := Fingerprints(bytes.NewReader(fresh))
	if err != nil || now == actual {
		return err == nil, err
	}
	if added, err := Added(bytes.NewReader(data)); err != nil || len(added) > 0 {
		return false, err
	}
	ours, err := Read(bytes.NewReader(fresh), ReadOptions{})
	if err != nil {
		return false, err
	}
	for _, o := range ours {
		if o.Template != "" && (o.Form == nil || o.Problems.HasErrors()) {
			return false, nil
		}
	}
	return keptSheets(data, ours)
}

// keptSheets merges each form sheet of the old workbook with the data the
// new one's sheet at the same position holds, in one read.
func keptSheets(old []byte, ours []Imported) (bool, error) {
	bases := make([]*jixiao.Form, len(ours))
	for i, o := range ours {
		bases[i] = o.Form
	}
	theirs, err := Read(bytes.NewReader(old), ReadOptions{bases: bases})
	if err != nil || len(theirs) != len(ours) {
		return false, err
	}
	for i, o := range ours {
		th := theirs[i]
		if o.Template == "" && th.Template == "" && !th.cellsEdited {
			continue
		}
		if th.Form == nil || !th.Merged || len(th.Conflicts) > 0 || th.Problems.HasErrors() || len(jixiao.Differences(th.Form, o.Form)) > 0 {
			return false, nil
		}
	}
	return true, nil
}

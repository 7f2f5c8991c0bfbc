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
// new one's sheet at the same position holds.
func keptSheets(old []byte, ours []Imported) (bool, error) {
	probe, err := Read(bytes.NewReader(old), ReadOptions{})
	if err != nil || len(probe) != len(ours) {
		return false, err
	}
	for i, o := range ours {
		if o.Template == "" {
			continue
		}
		theirs, err := readSheet(old, i, o.Form)
		if err != nil || theirs == nil || !theirs.Merged || len(theirs.Conflicts) > 0 || theirs.Problems.HasErrors() ||
			len(jixiao.Differences(theirs.Form, o.Form)) > 0 {
			return false, err
		}
	}
	return true, nil
}

// readSheet reads the i-th sheet of a workbook with base as --into's data.
func readSheet(data []byte, i int, base *jixiao.Form) (*Imported, error) {
	out, err := Read(bytes.NewReader(data), ReadOptions{Base: base})
	if err != nil || i >= len(out) {
		return nil, err
	}
	return &out[i], nil
}

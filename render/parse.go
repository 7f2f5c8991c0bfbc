package render

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"jixiao"
	"jixiao/internal/tomldec"
	"jixiao/internal/tomlpos"
)

// rawTemplate is a template file decoded into its generic tree, merged with
// the templates it extends.
type rawTemplate struct {
	tree map[string]any
	ix   tomlpos.Index
	file string
}

// raw reads a template and everything it extends; chain guards against cycles.
func (l *Library) raw(name string, chain []string) (*rawTemplate, error) {
	src, file, err := l.open(name)
	if errors.Is(err, errNotFound) {
		return nil, &UnknownTemplateError{Name: name, Available: l.names()}
	}
	if err != nil {
		return nil, fmt.Errorf("%s：无法读取模板：%v", file, err)
	}
	tree, ix, p := tomldec.Parse(src, file)
	if p != nil {
		return nil, problemsError([]tomldec.Problem{*p})
	}
	for k, e := range ix {
		e.File = file
		ix[k] = e
	}
	r := &rawTemplate{tree: tree, ix: ix, file: file}
	ext, ok := tree["extends"].(string)
	if !ok {
		return r, nil
	}
	at := ix["extends"]
	where := jixiao.Pos{File: file, Line: at.Value.Line, Col: at.Value.Col}
	if slices.Contains(chain, ext) || ext == name {
		return nil, templateError(where, "模板互相继承成环：%s → %s", strings.Join(append(chain, name), " → "), ext)
	}
	parent, err := l.raw(ext, append(chain, name))
	var unknown *UnknownTemplateError
	if errors.As(err, &unknown) && unknown.Name == ext {
		return nil, templateError(where, "extends 指向的模板 %q 不存在；可用的模板：%s", ext, strings.Join(unknown.Available, "、"))
	}
	if err != nil {
		return nil, err
	}
	merge(parent, r, "")
	parent.file = file
	return parent, nil
}

// merge lays child over base: tables merge key by key, any other value of
// the child (including arrays such as rows) replaces the base's.
func merge(base, child *rawTemplate, prefix string) {
	mergeTree(base.tree, child.tree, base.ix, prefix)
	maps.Copy(base.ix, child.ix)
}

func mergeTree(base, child map[string]any, ix tomlpos.Index, prefix string) {
	for k, cv := range child {
		path := tomldec.Join(prefix, k)
		if cm, ok := cv.(map[string]any); ok {
			if bm, ok := base[k].(map[string]any); ok {
				mergeTree(bm, cm, ix, path)
				continue
			}
		}
		for p := range ix { // the base's positions under a replaced value are gone
			if p == path || strings.HasPrefix(p, path+".") {
				delete(ix, p)
			}
		}
		base[k] = cv
	}
}

func templateError(p jixiao.Pos, format string, args ...any) error {
	return &TemplateError{Diagnostics: jixiao.Diagnostics{{Pos: p, Severity: jixiao.Error, Code: jixiao.CodeBadValue, Message: fmt.Sprintf(format, args...)}}}
}

func problemsError(ps []tomldec.Problem) error {
	var ds jixiao.Diagnostics
	for _, p := range ps {
		ds = append(ds, jixiao.Diagnostic{Pos: jixiao.Pos(p.Pos), Severity: jixiao.Error, Code: jixiao.Code(p.Code), Message: p.Message})
	}
	ds.Sort()
	return &TemplateError{Diagnostics: ds}
}

// parse reads, merges, decodes and validates the template of that name.
func (l *Library) parse(name string, chain []string) (*Template, error) {
	r, err := l.raw(name, chain)
	if err != nil {
		return nil, err
	}
	d := &tdecoder{Decoder: tomldec.New(r.file, r.ix)}
	t := d.template(name, r)
	if len(d.Problems) > 0 {
		return nil, problemsError(d.Problems)
	}
	return t, nil
}

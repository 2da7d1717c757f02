package validation

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
)

// internalShape wraps a bad value so that its rendering in an error message
// matches upstream. Upstream validates its internal API types, which carry no
// json tags, so a struct bad value is printed with Go field names in
// declaration order ({"Key":"a","Effect":"NoSchedule",...}) rather than with
// the v1 json names. Only wrap v1 types whose Go field names and order are the
// same as the internal type's.
type internalShape struct{ v interface{} }

var jsonMarshalerType = reflect.TypeOf((*json.Marshaler)(nil)).Elem()

// MarshalJSON renders the wrapped value with untagged field names.
func (s internalShape) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	if err := writeInternalShape(&buf, reflect.ValueOf(s.v)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeInternalShape(buf *bytes.Buffer, v reflect.Value) error {
	if !v.IsValid() {
		buf.WriteString("null")
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		return writeInternalShape(buf, v.Elem())
	}
	// Quantities, times and int-or-strings keep their own encoding, exactly as
	// encoding/json would use it for the internal types.
	if v.Type().Implements(jsonMarshalerType) {
		return writeJSON(buf, v.Interface())
	}
	// Apimachinery's types (label selectors, conditions, ...) are shared by the internal and the
	// versioned APIs, json tags and all.
	if strings.HasPrefix(v.Type().PkgPath(), "k8s.io/apimachinery/") {
		return writeJSON(buf, v.Interface())
	}
	switch v.Kind() {
	case reflect.Struct:
		buf.WriteByte('{')
		first := true
		if err := writeStructFields(buf, v, &first); err != nil {
			return err
		}
		buf.WriteByte('}')
	case reflect.Slice:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return writeJSON(buf, v.Interface())
		}
		buf.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeInternalShape(buf, v.Index(i)); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case reflect.Map:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSON(buf, k.String()); err != nil {
				return err
			}
			buf.WriteByte(':')
			if err := writeInternalShape(buf, v.MapIndex(k)); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	default:
		return writeJSON(buf, v.Interface())
	}
	return nil
}

// writeStructFields writes exported fields, flattening embedded structs the
// way encoding/json does for untagged anonymous fields.
func writeStructFields(buf *bytes.Buffer, v reflect.Value, first *bool) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			if err := writeStructFields(buf, v.Field(i), first); err != nil {
				return err
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if !*first {
			buf.WriteByte(',')
		}
		*first = false
		if err := writeJSON(buf, f.Name); err != nil {
			return err
		}
		buf.WriteByte(':')
		if err := writeInternalShape(buf, v.Field(i)); err != nil {
			return err
		}
	}
	return nil
}

func writeJSON(buf *bytes.Buffer, v interface{}) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	buf.Write(b)
	return nil
}

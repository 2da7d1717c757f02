package scheme

import (
	"reflect"
	"testing"
)

func TestWithoutAnnotations(t *testing.T) {
	in := map[string]string{"keep": "1", "drop": "2"}
	out := WithoutAnnotations(in, "drop", "absent")
	if !reflect.DeepEqual(out, map[string]string{"keep": "1"}) || len(in) != 2 {
		t.Errorf("out = %v, in = %v; want drop removed from a copy", out, in)
	}
	same := map[string]string{"keep": "1"}
	if got := WithoutAnnotations(same, "drop"); reflect.ValueOf(got).Pointer() != reflect.ValueOf(same).Pointer() {
		t.Error("a map without the keys was copied, want it returned as is")
	}
	if got := WithoutAnnotations(nil, "drop"); got != nil {
		t.Errorf("nil annotations became %v", got)
	}
}

package defaultclass

import (
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func class(name string, created time.Time, isDefault bool) *metav1.ObjectMeta {
	m := &metav1.ObjectMeta{Name: name, CreationTimestamp: metav1.NewTime(created)}
	if isDefault {
		m.Annotations = map[string]string{"default": "true"}
	}
	return m
}

func TestNewest(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	isDefault := func(m *metav1.ObjectMeta) bool { return m.Annotations["default"] == "true" }
	for _, tc := range []struct {
		name    string
		classes []*metav1.ObjectMeta
		want    string
	}{
		{"none marked", []*metav1.ObjectMeta{class("a", t0, false)}, ""},
		{"one marked", []*metav1.ObjectMeta{class("a", t0, false), class("b", t0, true)}, "b"},
		{"newest wins", []*metav1.ObjectMeta{class("old", t0, true), class("new", t0.Add(time.Second), true), class("newer-unmarked", t0.Add(time.Hour), false)}, "new"},
		{"same instant, first by name", []*metav1.ObjectMeta{class("zeta", t0, true), class("alpha", t0, true)}, "alpha"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Newest(tc.classes, isDefault)
			name := ""
			if ok {
				name = got.GetName()
			}
			if name != tc.want {
				t.Errorf("Newest = %q, want %q", name, tc.want)
			}
		})
	}
}

package basestrategy

import (
	"testing"

	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

func TestGroupResetFields(t *testing.T) {
	got := ResetFields("apps/v1", "spec", "metadata.labels")
	want := fieldpath.NewSet(fieldpath.MakePathOrDie("spec"), fieldpath.MakePathOrDie("metadata", "labels"))
	if len(got) != 1 || got["apps/v1"] == nil || !got["apps/v1"].Equals(want) {
		t.Errorf("ResetFields = %v, want apps/v1: %v", got, want)
	}
}

func TestPodNameWarnings(t *testing.T) {
	if w := PodNameWarnings("web-1"); w != nil {
		t.Errorf("PodNameWarnings(web-1) = %q, want none", w)
	}
	want := "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]"
	if w := PodNameWarnings("web.v1"); len(w) != 1 || w[0] != want {
		t.Errorf("PodNameWarnings(web.v1) = %q, want %q", w, want)
	}
}

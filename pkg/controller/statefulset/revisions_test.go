package statefulset

import (
	"testing"
)

func TestApplyRevision(t *testing.T) {
	set := testSet(3)
	set.Spec.Template.Spec.Containers = nilContainers("busybox:1")
	var count int32
	revision, err := newRevision(set, 1, &count)
	if err != nil {
		t.Fatal(err)
	}
	changed := set.DeepCopy()
	changed.Spec.Template.Spec.Containers = nilContainers("busybox:2")
	changed.Spec.Template.Labels["extra"] = "x"
	restored, err := applyRevision(changed, revision)
	if err != nil {
		t.Fatal(err)
	}
	if got := restored.Spec.Template.Spec.Containers[0].Image; got != "busybox:1" {
		t.Errorf("restored image %s, want busybox:1", got)
	}
	if _, ok := restored.Spec.Template.Labels["extra"]; ok {
		t.Error("the revision's template was merged into the newer one instead of replacing it")
	}
	if *restored.Spec.Replicas != 3 || restored.Name != "web" {
		t.Errorf("fields outside the template changed: %+v", restored.ObjectMeta)
	}
}

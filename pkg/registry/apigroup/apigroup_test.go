package apigroup

import (
	"errors"
	"slices"
	"testing"

	coordinationv1 "k8s.io/api/coordination/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/registry/rest"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
)

// fakeStorage records whether it was destroyed.
type fakeStorage struct{ destroyed *bool }

func (f fakeStorage) New() runtime.Object { return &coordinationv1.Lease{} }
func (f fakeStorage) Destroy()            { *f.destroyed = true }

func TestBuilderSkipsDisabledResourcesAndVersions(t *testing.T) {
	gv := coordinationv1.SchemeGroupVersion
	resources := serverstorage.NewResourceConfig()
	resources.EnableVersions(gv)
	resources.DisableResources(gv.WithResource("disabled"))
	b := NewBuilder(gv.Group, resources)
	var built []string
	for _, r := range []string{"leases", "disabled"} {
		b.Add(gv, r, func() (map[string]rest.Storage, error) {
			built = append(built, r)
			return map[string]rest.Storage{r: fakeStorage{new(bool)}, r + "/status": fakeStorage{new(bool)}}, nil
		})
	}
	info, err := b.Result()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(built, []string{"leases"}) {
		t.Errorf("built %v, want only leases", built)
	}
	if got := sets.KeySet(info.VersionedResourcesStorageMap[gv.Version]); !got.Equal(sets.New("leases", "leases/status")) {
		t.Errorf("served %v, want leases and leases/status", sets.List(got))
	}

	off := NewBuilder(gv.Group, serverstorage.NewResourceConfig())
	off.Add(gv, "leases", func() (map[string]rest.Storage, error) {
		t.Error("built a resource of a version that is off")
		return nil, nil
	})
	if info, _ := off.Result(); len(info.VersionedResourcesStorageMap) != 0 {
		t.Errorf("a group with every version off serves %v", info.VersionedResourcesStorageMap)
	}
}

func TestBuilderDestroysWhatItBuiltOnError(t *testing.T) {
	gv := coordinationv1.SchemeGroupVersion
	resources := serverstorage.NewResourceConfig()
	resources.EnableVersions(gv)
	b := NewBuilder(gv.Group, resources)
	destroyed := new(bool)
	b.Add(gv, "leases", func() (map[string]rest.Storage, error) {
		return map[string]rest.Storage{"leases": fakeStorage{destroyed}}, nil
	})
	boom := errors.New("boom")
	b.Add(gv, "broken", func() (map[string]rest.Storage, error) { return nil, boom })
	b.Add(gv, "after", func() (map[string]rest.Storage, error) {
		t.Error("built a resource after an error")
		return nil, nil
	})
	if _, err := b.Result(); !errors.Is(err, boom) {
		t.Fatalf("Result() error = %v, want %v", err, boom)
	}
	if !*destroyed {
		t.Error("the storage built before the error was not destroyed")
	}
}

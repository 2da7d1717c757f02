package garbagecollector

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/restmapper"
	"k8s.io/utils/ptr"
)

func TestDiffReferences(t *testing.T) {
	a := refTo(configMapKind, "a", "1", false)
	b := refTo(configMapKind, "b", "2", true)
	c := refTo(configMapKind, "c", "3", false)
	bUnblocked := b
	bUnblocked.BlockOwnerDeletion = ptr.To(false)

	added, removed, changed := diffReferences([]metav1.OwnerReference{a, b}, []metav1.OwnerReference{bUnblocked, c})
	if !slices.Equal(uids(added), []types.UID{"3"}) || !slices.Equal(uids(removed), []types.UID{"1"}) ||
		len(changed) != 1 || changed[0].before.UID != "2" || isBlocking(changed[0].after) {
		t.Errorf("diff: added %v, removed %v, changed %v", added, removed, changed)
	}
	if got := unblocked([]metav1.OwnerReference{a, b}, changed); !slices.Equal(got, []types.UID{"2", "2"}) {
		t.Errorf("unblocked = %v", got)
	}
	if added, removed, changed := diffReferences([]metav1.OwnerReference{a}, []metav1.OwnerReference{a}); added != nil || removed != nil || changed != nil {
		t.Errorf("no change: %v %v %v", added, removed, changed)
	}
}

func TestPartitionDependents(t *testing.T) {
	owner := objectReference{APIVersion: "v1", Kind: "ConfigMap", Name: "owner", UID: "o", Namespace: "ns"}
	dep := func(name, namespace string, refs ...metav1.OwnerReference) *node {
		return newNode(objectReference{Name: name, Namespace: namespace, UID: types.UID(name)}, refs)
	}
	good := dep("good", "ns", refTo(configMapKind, "owner", "o", false))
	misnamed := dep("misnamed", "ns", refTo(configMapKind, "other", "o", false))
	both := dep("both", "ns", refTo(configMapKind, "owner", "o", false), refTo(configMapKind, "other", "o", false))
	elsewhere := dep("elsewhere", "other-ns", refTo(configMapKind, "owner", "o", false))

	matching, nonmatching := partitionDependents([]*node{good, misnamed, both, elsewhere}, owner)
	names := func(nodes []*node) []string {
		var out []string
		for _, n := range nodes {
			out = append(out, n.identity.Name)
		}
		return out
	}
	if got := names(matching); !slices.Equal(got, []string{"good", "both"}) {
		t.Errorf("matching = %v", got)
	}
	if got := names(nonmatching); !slices.Equal(got, []string{"misnamed", "both", "elsewhere"}) {
		t.Errorf("nonmatching = %v", got)
	}

	// A cluster-scoped owner agrees with dependents in any namespace.
	clusterOwner := owner
	clusterOwner.Namespace = ""
	matching, nonmatching = partitionDependents([]*node{good, elsewhere}, clusterOwner)
	if len(matching) != 2 || len(nonmatching) != 0 {
		t.Errorf("cluster-scoped owner: matching %v, nonmatching %v", names(matching), names(nonmatching))
	}
}

func TestAlternateIdentity(t *testing.T) {
	absent := objectReference{APIVersion: "v1", Kind: "ConfigMap", Name: "b", UID: "o", Namespace: "ns"}
	deps := []*node{
		newNode(objectReference{Name: "d1", Namespace: "ns"}, []metav1.OwnerReference{refTo(configMapKind, "a", "o", false)}),
		newNode(objectReference{Name: "d2", Namespace: "ns"}, []metav1.OwnerReference{refTo(configMapKind, "b", "o", false)}),
		newNode(objectReference{Name: "d3", Namespace: "ns"}, []metav1.OwnerReference{refTo(configMapKind, "c", "o", false)}),
	}
	if got := alternateIdentity(deps, absent); got == nil || got.Name != "c" {
		t.Errorf("after b: %v, want c", got)
	}
	absent.Name = "c"
	if got := alternateIdentity(deps, absent); got == nil || got.Name != "a" {
		t.Errorf("after c: %v, want the first, a", got)
	}
	if got := alternateIdentity(deps[1:2], objectReference{APIVersion: "v1", Kind: "ConfigMap", Name: "b", UID: "o", Namespace: "ns"}); got != nil {
		t.Errorf("no alternative: %v", got)
	}
	// A cluster-scoped absent identity makes the same kind cluster-scoped in the alternatives.
	clusterAbsent := objectReference{APIVersion: "v1", Kind: "ConfigMap", Name: "a", UID: "o"}
	if got := alternateIdentity(deps, clusterAbsent); got == nil || got.Namespace != "" || got.Name != "b" {
		t.Errorf("cluster-scoped: %v, want b without a namespace", got)
	}
}

func TestObjectReferenceString(t *testing.T) {
	r := objectReference{APIVersion: "v1", Kind: "ConfigMap", Name: "n", UID: "u", Namespace: "ns"}
	if got, want := r.String(), "[v1/ConfigMap, namespace: ns, name: n, uid: u]"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestDeletableResources(t *testing.T) {
	all := []string{"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"}
	groups := []*restmapper.APIGroupResources{
		{
			Group: metav1.APIGroup{Name: "", Versions: []metav1.GroupVersionForDiscovery{{Version: "v1"}}, PreferredVersion: metav1.GroupVersionForDiscovery{Version: "v1"}},
			VersionedResources: map[string][]metav1.APIResource{"v1": {
				{Name: "pods", Kind: "Pod", Verbs: all},
				{Name: "pods/status", Kind: "Pod", Verbs: []string{"get", "patch", "update"}},
				{Name: "events", Kind: "Event", Verbs: all},
				{Name: "bindings", Kind: "Binding", Verbs: []string{"create"}},
			}},
		},
		{
			Group:              metav1.APIGroup{Name: "events.k8s.io", Versions: []metav1.GroupVersionForDiscovery{{Version: "v1"}}, PreferredVersion: metav1.GroupVersionForDiscovery{Version: "v1"}},
			VersionedResources: map[string][]metav1.APIResource{"v1": {{Name: "events", Kind: "Event", Verbs: all}}},
		},
		{
			Group: metav1.APIGroup{
				Name:             "example.com",
				Versions:         []metav1.GroupVersionForDiscovery{{Version: "v1beta1"}, {Version: "v1"}, {Version: "v2"}},
				PreferredVersion: metav1.GroupVersionForDiscovery{Version: "v1"},
			},
			VersionedResources: map[string][]metav1.APIResource{
				"v2":      {{Name: "widgets", Kind: "Widget", Verbs: all}, {Name: "gizmos", Kind: "Gizmo", Verbs: all}},
				"v1":      {{Name: "widgets", Kind: "Widget", Verbs: all}, {Name: "readonly", Kind: "ReadOnly", Verbs: []string{"get", "list", "watch"}}},
				"v1beta1": {{Name: "readonly", Kind: "ReadOnly", Verbs: all}, {Name: "oldies", Kind: "Oldie", Verbs: all}},
			},
		},
	}
	want := map[schema.GroupVersionResource]schema.GroupVersionKind{
		{Version: "v1", Resource: "pods"}:                              {Version: "v1", Kind: "Pod"},
		{Group: "example.com", Version: "v1", Resource: "widgets"}:     {Group: "example.com", Version: "v1", Kind: "Widget"},
		{Group: "example.com", Version: "v2", Resource: "gizmos"}:      {Group: "example.com", Version: "v2", Kind: "Gizmo"},
		{Group: "example.com", Version: "v1beta1", Resource: "oldies"}: {Group: "example.com", Version: "v1beta1", Kind: "Oldie"},
	}
	if diff := cmp.Diff(want, deletableResources(groups)); diff != "" {
		t.Errorf("deletable resources (-want +got):\n%s", diff)
	}
}

func TestPatches(t *testing.T) {
	strategic, err := deleteOwnerRefsStrategicPatch("dep", "o1", "o2")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(strategic), `{"metadata":{"ownerReferences":[{"$patch":"delete","uid":"o1"},{"$patch":"delete","uid":"o2"}],"uid":"dep"}}`; got != want {
		t.Errorf("strategic patch:\n%s\nwant\n%s", got, want)
	}

	current := &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{
		ResourceVersion: "7",
		OwnerReferences: []metav1.OwnerReference{refTo(configMapKind, "a", "o1", true), refTo(configMapKind, "b", "o2", false)},
	}}
	merge, err := deleteOwnerRefsMergePatch(current, "o1")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(merge), `{"metadata":{"resourceVersion":"7","ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"b","uid":"o2"}]}}`; got != want {
		t.Errorf("merge patch:\n%s\nwant\n%s", got, want)
	}
	merge, _ = deleteOwnerRefsMergePatch(current, "o1", "o2")
	if got, want := string(merge), `{"metadata":{"resourceVersion":"7","ownerReferences":null}}`; got != want {
		t.Errorf("merge patch removing every reference:\n%s\nwant\n%s", got, want)
	}

	unblock, _ := unblockOwnerRefsStrategicPatch("dep", current.OwnerReferences)
	var decoded metadataPatch
	if err := json.Unmarshal(unblock, &decoded); err != nil {
		t.Fatal(err)
	}
	if refs := decoded.Metadata.OwnerReferences; decoded.Metadata.UID != "dep" || len(refs) != 1 || refs[0].UID != "o1" || isBlocking(refs[0]) {
		t.Errorf("unblocking strategic patch: %s", unblock)
	}
	unblock, _ = unblockOwnerRefsMergePatch(current)
	decoded = metadataPatch{}
	if err := json.Unmarshal(unblock, &decoded); err != nil {
		t.Fatal(err)
	}
	if refs := decoded.Metadata.OwnerReferences; decoded.Metadata.ResourceVersion != "7" || len(refs) != 2 || isBlocking(refs[0]) || isBlocking(refs[1]) {
		t.Errorf("unblocking merge patch: %s", unblock)
	}

	finalizers, _ := finalizersMergePatch("9", []string{"a"})
	if got, want := string(finalizers), `{"metadata":{"resourceVersion":"9","finalizers":["a"]}}`; got != want {
		t.Errorf("finalizers patch %s, want %s", got, want)
	}
}

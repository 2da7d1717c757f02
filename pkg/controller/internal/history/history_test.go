package history

import (
	"context"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
)

func revision(name string, number int64, raw string) *appsv1.ControllerRevision {
	return &appsv1.ControllerRevision{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"},
		Data:       runtime.RawExtension{Raw: []byte(raw)},
		Revision:   number,
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct {
		prefix, want string
	}{
		{"web", "web-abc"},
		{strings.Repeat("a", 230), strings.Repeat("a", 223) + "-abc"},
	} {
		if got := Name(tc.prefix, "abc"); got != tc.want {
			t.Errorf("Name(%q) = %q, want %q", tc.prefix, got, tc.want)
		}
	}
}

func TestHash(t *testing.T) {
	one, two := int32(1), int32(2)
	r := revision("", 1, `{"spec":{}}`)
	for _, tc := range []struct {
		name string
		a, b *int32
		same bool
	}{
		{"no collisions", nil, nil, true},
		{"same count", &one, &one, true},
		{"count raised", &one, &two, false},
	} {
		if got := Hash(r, tc.a) == Hash(r, tc.b); got != tc.same {
			t.Errorf("%s: equal hashes = %v, want %v", tc.name, got, tc.same)
		}
	}
	if Hash(r, nil) == Hash(revision("", 1, `{"spec":{"x":1}}`), nil) {
		t.Error("different data hash alike")
	}
}

func TestEqual(t *testing.T) {
	a := revision("a", 1, "x")
	b := revision("b", 2, "x")
	c := revision("c", 2, "y")
	labelled := revision("d", 2, "x")
	labelled.Labels = map[string]string{HashLabel: "1"}
	otherLabel := revision("e", 2, "x")
	otherLabel.Labels = map[string]string{HashLabel: "2"}
	for _, tc := range []struct {
		name string
		a, b *appsv1.ControllerRevision
		want bool
	}{
		{"same data", a, b, true},
		{"other data", a, c, false},
		{"different hash labels", labelled, otherLabel, false},
		{"one nil", a, nil, false},
		{"both nil", nil, nil, true},
	} {
		if got := Equal(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: Equal = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSortAndNext(t *testing.T) {
	revisions := []*appsv1.ControllerRevision{revision("c", 3, ""), revision("b", 1, ""), revision("a", 1, "")}
	Sort(revisions)
	var names []string
	for _, r := range revisions {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, ","); got != "a,b,c" {
		t.Errorf("sorted %s, want a,b,c", got)
	}
	if got := Next(revisions); got != 4 {
		t.Errorf("Next = %d, want 4", got)
	}
	if got := Next(nil); got != 1 {
		t.Errorf("Next(nil) = %d, want 1", got)
	}
}

func TestCreateCollision(t *testing.T) {
	parent := &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns", UID: "uid"}}
	kind := appsv1.SchemeGroupVersion.WithKind("StatefulSet")
	var count int32
	first := New(parent, kind, nil, runtime.RawExtension{Raw: []byte(`{"a":1}`)}, 1, &count)
	// Another revision squats the name the second one hashes to.
	second := New(parent, kind, nil, runtime.RawExtension{Raw: []byte(`{"a":2}`)}, 2, &count)
	squatter := second.DeepCopy()
	squatter.Data.Raw = []byte(`{"a":3}`)
	client := fake.NewClientset(first, squatter)
	c := Client{Client: client}
	ctx := context.Background()

	got, err := c.Create(ctx, parent, first, &count)
	if err != nil || got.Name != first.Name || count != 0 {
		t.Fatalf("creating an existing equal revision: %v, %v, count %d", got, err, count)
	}
	got, err = c.Create(ctx, parent, second, &count)
	if err != nil {
		t.Fatal(err)
	}
	if count != 1 || got.Name == squatter.Name || string(got.Data.Raw) != `{"a":2}` {
		t.Errorf("after a collision got %s with count %d", got.Name, count)
	}
}

func TestTruncate(t *testing.T) {
	revisions := []*appsv1.ControllerRevision{revision("r1", 1, "{}"), revision("r2", 2, "{}"), revision("r3", 3, "{}"), revision("r4", 4, "{}")}
	for _, tc := range []struct {
		name  string
		limit int
		live  string
		want  []string
	}{
		{"under the limit", 10, "r4", []string{"r1", "r2", "r3", "r4"}},
		{"oldest go first", 1, "r4", []string{"r3", "r4"}},
		{"live ones stay", 0, "r1", []string{"r1"}},
	} {
		objs := make([]runtime.Object, len(revisions))
		for i, r := range revisions {
			objs[i] = r
		}
		client := fake.NewClientset(objs...)
		live := func(r *appsv1.ControllerRevision) bool { return r.Name == tc.live }
		if err := (Client{Client: client}).Truncate(context.Background(), revisions, live, tc.limit); err != nil {
			t.Fatal(err)
		}
		list, _ := client.AppsV1().ControllerRevisions("ns").List(context.Background(), metav1.ListOptions{})
		var names []string
		for _, r := range list.Items {
			names = append(names, r.Name)
		}
		if strings.Join(names, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: left %v, want %v", tc.name, names, tc.want)
		}
	}
}

func TestTemplateHashAndPatch(t *testing.T) {
	template := &corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "a", Image: "one"}}}}
	other := template.DeepCopy()
	other.Spec.Containers[0].Image = "two"
	one := int32(1)
	for _, tc := range []struct {
		name string
		a, b string
		same bool
	}{
		{"same template", TemplateHash(template, nil), TemplateHash(template.DeepCopy(), nil), true},
		{"other template", TemplateHash(template, nil), TemplateHash(other, nil), false},
		{"collision count", TemplateHash(template, nil), TemplateHash(template, &one), false},
	} {
		if (tc.a == tc.b) != tc.same {
			t.Errorf("%s: hashes %s and %s", tc.name, tc.a, tc.b)
		}
	}
	patch, err := TemplatePatch(template)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"spec":{"template":{"$patch":"replace","metadata":{},"spec":{"containers":[{"image":"one","name":"a","resources":{}}]}}}}`
	if string(patch) != want {
		t.Errorf("patch\n%s\nwant\n%s", patch, want)
	}
}

package owners

import (
	"errors"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestConcerned(t *testing.T) {
	kind := appsv1.SchemeGroupVersion.WithKind("StatefulSet")
	sets := map[string]*appsv1.StatefulSet{
		"web": {ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns", UID: "web-uid"}, Spec: appsv1.StatefulSetSpec{Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}}},
		"all": {ObjectMeta: metav1.ObjectMeta{Name: "all", Namespace: "ns", UID: "all-uid"}, Spec: appsv1.StatefulSetSpec{Selector: &metav1.LabelSelector{}}},
	}
	l := Lookup[*appsv1.StatefulSet]{
		Kind: kind,
		Get: func(_, name string) (*appsv1.StatefulSet, error) {
			if s, ok := sets[name]; ok {
				return s, nil
			}
			return nil, errors.New("not found")
		},
		List: func(string) ([]*appsv1.StatefulSet, error) {
			return []*appsv1.StatefulSet{sets["web"], sets["all"]}, nil
		},
		Selector: func(s *appsv1.StatefulSet) *metav1.LabelSelector { return s.Spec.Selector },
	}
	owned := func(kind, name, uid string) []metav1.OwnerReference {
		ref := metav1.NewControllerRef(&metav1.ObjectMeta{Name: name, UID: "x"}, appsv1.SchemeGroupVersion.WithKind(kind))
		ref.UID = "web-uid"
		if uid != "" {
			ref.UID = "stale"
		}
		return []metav1.OwnerReference{*ref}
	}
	for _, tc := range []struct {
		name   string
		labels map[string]string
		refs   []metav1.OwnerReference
		want   int
	}{
		{"owned", nil, owned("StatefulSet", "web", ""), 1},
		{"owned by a stale UID", nil, owned("StatefulSet", "web", "stale"), 0},
		{"owned by another kind", map[string]string{"app": "web"}, owned("ReplicaSet", "web", ""), 0},
		{"orphan the selector matches", map[string]string{"app": "web"}, nil, 1},
		{"orphan nobody selects", map[string]string{"app": "db"}, nil, 0},
	} {
		pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Labels: tc.labels, OwnerReferences: tc.refs}}
		if got := l.Concerned(pod); len(got) != tc.want || (tc.want == 1 && got[0].Name != "web") {
			t.Errorf("%s: concerned %v, want %d (web)", tc.name, got, tc.want)
		}
	}
}

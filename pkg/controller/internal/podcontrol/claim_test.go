package podcontrol

import (
	"context"
	"errors"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/record"
)

var errNo = errors.New("no")

func TestClaim(t *testing.T) {
	owner := testOwner("web")
	mine := *metav1.NewControllerRef(owner, replicaSetKind)
	theirs := mine
	theirs.UID = "other"
	pod := func(name string, app string, ref *metav1.OwnerReference, deleting bool) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name, UID: types.UID(name + "-uid"), Labels: map[string]string{"app": app}, Finalizers: []string{"keep", "drop"}}}
		if ref != nil {
			p.OwnerReferences = []metav1.OwnerReference{*ref}
		}
		if deleting {
			p.DeletionTimestamp = &metav1.Time{}
		}
		return p
	}
	tests := []struct {
		name          string
		pod           *corev1.Pod
		ownerDeleting bool
		// fresh is what rereading the owner returns.
		fresh       func() (metav1.Object, error)
		wantClaimed bool
		// wantOwned tells whether the pod names the owner as controller afterwards.
		wantOwned, wantErr bool
	}{
		{name: "owned and matching", pod: pod("a", "web", &mine, false), wantClaimed: true, wantOwned: true},
		{name: "owned, no longer matching, released", pod: pod("a", "db", &mine, false)},
		{name: "owned, not matching, owner deleting keeps it", pod: pod("a", "db", &mine, false), ownerDeleting: true, wantOwned: true},
		{name: "another controller's", pod: pod("a", "web", &theirs, false)},
		{name: "orphan adopted", pod: pod("a", "web", nil, false), wantClaimed: true, wantOwned: true},
		{name: "orphan not matching", pod: pod("a", "db", nil, false)},
		{name: "orphan being deleted", pod: pod("a", "web", nil, true)},
		{name: "orphan, owner deleting", pod: pod("a", "web", nil, false), ownerDeleting: true},
		{name: "orphan, owner deleted meanwhile", pod: pod("a", "web", nil, false), wantErr: true, fresh: func() (metav1.Object, error) {
			o := testOwner("web")
			o.DeletionTimestamp = &metav1.Time{}
			return o, nil
		}},
		{name: "orphan, owner replaced", pod: pod("a", "web", nil, false), wantErr: true, fresh: func() (metav1.Object, error) {
			o := testOwner("web")
			o.UID = "new"
			return o, nil
		}},
		{name: "orphan, owner unreadable", pod: pod("a", "web", nil, false), wantErr: true, fresh: func() (metav1.Object, error) { return nil, errNo }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := fake.NewClientset(tt.pod)
			o := owner.DeepCopy()
			if tt.ownerDeleting {
				o.DeletionTimestamp = &metav1.Time{}
			}
			fresh := tt.fresh
			if fresh == nil {
				fresh = func() (metav1.Object, error) { return o, nil }
			}
			control := Control{Client: client, Recorder: record.NewFakeRecorder(10)}
			claimer := &Claimer[*corev1.Pod]{
				Owner: o, Kind: replicaSetKind, Selector: labels.SelectorFromSet(labels.Set{"app": "web"}),
				Fresh:             func(context.Context) (metav1.Object, error) { return fresh() },
				Patch:             control.PatchPod,
				ReleaseFinalizers: []string{"drop"},
			}
			claimed, err := claimer.Claim(context.Background(), []*corev1.Pod{tt.pod})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Claim() error = %v, want error %v", err, tt.wantErr)
			}
			if (len(claimed) == 1) != tt.wantClaimed {
				t.Errorf("claimed %d pods, want claimed %v", len(claimed), tt.wantClaimed)
			}
			after, err := client.CoreV1().Pods("ns").Get(context.Background(), "a", metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ref := metav1.GetControllerOf(after)
			if owned := ref != nil && ref.UID == owner.UID; owned != tt.wantOwned {
				t.Errorf("controller afterwards %+v, want owned %v", ref, tt.wantOwned)
			}
			released := tt.pod.OwnerReferences != nil && ref == nil
			if wantFinalizers := []string{"keep", "drop"}; released {
				wantFinalizers = []string{"keep"}
				if !slices.Equal(after.Finalizers, wantFinalizers) {
					t.Errorf("finalizers %v after release, want %v", after.Finalizers, wantFinalizers)
				}
			}
		})
	}
}

func TestClaimRechecksOnce(t *testing.T) {
	owner := testOwner("web")
	var pods []*corev1.Pod
	for _, name := range []string{"a", "b", "c"} {
		pods = append(pods, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name, UID: types.UID(name), Labels: map[string]string{"app": "web"}}})
	}
	client := fake.NewClientset(pods[0], pods[1], pods[2])
	rereads := 0
	claimer := &Claimer[*corev1.Pod]{
		Owner: owner, Kind: replicaSetKind, Selector: labels.SelectorFromSet(labels.Set{"app": "web"}),
		Fresh: func(context.Context) (metav1.Object, error) { rereads++; return owner, nil },
		Patch: Control{Client: client}.PatchPod,
	}
	claimed, err := claimer.Claim(context.Background(), pods, func(p *corev1.Pod) bool { return p.Name != "c" })
	if err != nil || len(claimed) != 2 || rereads != 1 {
		t.Errorf("Claim() = %d pods, %v after %d rereads; want a and b after one", len(claimed), err, rereads)
	}
}

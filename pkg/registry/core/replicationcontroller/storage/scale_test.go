package storage

import (
	"reflect"
	"testing"
	"time"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

var created = metav1.NewTime(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))

func storedRC() *corev1.ReplicationController {
	return &corev1.ReplicationController{
		ObjectMeta: metav1.ObjectMeta{
			Name: "web", Namespace: "default", UID: "uid-1", ResourceVersion: "42", CreationTimestamp: created,
			Labels: map[string]string{"app": "web"},
			ManagedFields: []metav1.ManagedFieldsEntry{{
				Manager: "kubectl-client-side-apply", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "v1",
				FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:spec":{"f:replicas":{},"f:selector":{}}}`)},
			}},
		},
		Spec: corev1.ReplicationControllerSpec{
			Replicas: ptr.To[int32](3),
			Selector: map[string]string{"tier": "front", "app": "web"},
		},
		Status: corev1.ReplicationControllerStatus{Replicas: 2},
	}
}

func TestScaleFromRC(t *testing.T) {
	want := &autoscalingv1.Scale{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default", UID: "uid-1", ResourceVersion: "42", CreationTimestamp: created},
		Spec:       autoscalingv1.ScaleSpec{Replicas: 3},
		Status:     autoscalingv1.ScaleStatus{Replicas: 2, Selector: "app=web,tier=front"},
	}
	if got := scaleFromRC(storedRC()); !reflect.DeepEqual(got, want) {
		t.Errorf("scaleFromRC = %+v\nwant %+v", got, want)
	}
}

func TestScaleResourceNames(t *testing.T) {
	if got := scalable.Resource.String(); got != "replicationcontrollers/scale" {
		t.Errorf("update errors name %q, want replicationcontrollers/scale", got)
	}
	if got := scalable.ReadResource.String(); got != "replicationcontrollers/scale.autoscaling" {
		t.Errorf("read errors name %q, want replicationcontrollers/scale.autoscaling", got)
	}
	rc := storedRC()
	scalable.SetReplicas(rc, 7)
	if *rc.Spec.Replicas != 7 {
		t.Errorf("spec.replicas = %d, want 7", *rc.Spec.Replicas)
	}
}

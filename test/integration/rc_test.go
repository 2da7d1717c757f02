package integration

import (
	"context"
	"fmt"
	"testing"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

func TestReplicationControllerDefaultsStatusAndScale(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "rcs")
	rcs := client.CoreV1().ReplicationControllers("rcs")
	rc := &corev1.ReplicationController{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: corev1.ReplicationControllerSpec{
			Template: &corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx"}}},
			},
		},
	}
	got, err := rcs.Create(ctx, rc, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *got.Spec.Replicas != 1 || got.Spec.Selector["app"] != "web" || got.Labels["app"] != "web" || got.Generation != 1 {
		t.Fatalf("defaults: replicas %d selector %v labels %v generation %d; want 1, app=web, app=web, 1",
			*got.Spec.Replicas, got.Spec.Selector, got.Labels, got.Generation)
	}

	// The replication controller's status write, once its pod exists, leaves the generation.
	var scale *autoscalingv1.Scale
	eventually(t, func() error {
		if got, err = rcs.Get(ctx, "web", metav1.GetOptions{}); err != nil {
			return err
		}
		if got.Status.Replicas != 1 || got.Generation != 1 {
			return fmt.Errorf("status.replicas %d, generation %d; want 1, 1", got.Status.Replicas, got.Generation)
		}
		if scale, err = rcs.GetScale(ctx, "web", metav1.GetOptions{}); err != nil {
			return err
		}
		if scale.Spec.Replicas != 1 || scale.Status.Replicas != 1 || scale.Status.Selector != labels.SelectorFromSet(got.Spec.Selector).String() {
			return fmt.Errorf("scale = %+v, want spec 1, status 1, selector app=web", scale)
		}
		return nil
	})
	scale.Spec.Replicas = 4
	if _, err := rcs.UpdateScale(ctx, "web", scale, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err = rcs.Get(ctx, "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *got.Spec.Replicas != 4 || got.Generation != 2 {
		t.Fatalf("after scale: replicas %d generation %d, want 4 and 2", *got.Spec.Replicas, got.Generation)
	}

	_, err = rcs.UpdateScale(ctx, "web", &autoscalingv1.Scale{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "rcs"},
		Spec:       autoscalingv1.ScaleSpec{Replicas: -1},
	}, metav1.UpdateOptions{})
	if !apierrors.IsInvalid(err) {
		t.Fatalf("negative scale: err = %v, want 422 Invalid", err)
	}
}

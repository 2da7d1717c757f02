package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func validRC() *corev1.ReplicationController {
	return &corev1.ReplicationController{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default", ResourceVersion: "1"},
		Spec: corev1.ReplicationControllerSpec{
			Replicas: ptr(int32(2)),
			Selector: map[string]string{"app": "web"},
			Template: validPodTemplate(),
		},
	}
}

func TestValidateReplicationController(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*corev1.ReplicationController)
		want   []string
	}{
		{name: "valid", mutate: func(*corev1.ReplicationController) {}},
		{
			name:   "replicas non-negative",
			mutate: func(rc *corev1.ReplicationController) { rc.Spec.Replicas = ptr(int32(-1)) },
			want:   []string{"spec.replicas: Invalid value: -1: must be greater than or equal to 0"},
		},
		{
			name:   "minReadySeconds non-negative",
			mutate: func(rc *corev1.ReplicationController) { rc.Spec.MinReadySeconds = -5 },
			want:   []string{"spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0"},
		},
		{
			name:   "selector required",
			mutate: func(rc *corev1.ReplicationController) { rc.Spec.Selector = nil },
			want:   []string{"spec.selector: Required value"},
		},
		{
			name:   "selector must match template labels",
			mutate: func(rc *corev1.ReplicationController) { rc.Spec.Template.Labels = map[string]string{"app": "other"} },
			want:   []string{`spec.template.metadata.labels: Invalid value: {"app":"other"}: ` + "`selector` does not match template `labels`"},
		},
		{
			name:   "template required",
			mutate: func(rc *corev1.ReplicationController) { rc.Spec.Template = nil },
			want:   []string{"spec.template: Required value"},
		},
		{
			name: "template must restart always",
			mutate: func(rc *corev1.ReplicationController) {
				rc.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure
			},
			want: []string{`spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"`},
		},
		{
			name:   "template activeDeadlineSeconds",
			mutate: func(rc *corev1.ReplicationController) { rc.Spec.Template.Spec.ActiveDeadlineSeconds = ptr(int64(10)) },
			want:   []string{"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported"},
		},
		{
			name:   "template is validated as a pod template",
			mutate: func(rc *corev1.ReplicationController) { rc.Spec.Template.Spec.Containers[0].Image = "" },
			want:   []string{"spec.template.spec.containers[0].image: Required value"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rc := validRC()
			tc.mutate(rc)
			expectErrors(t, ValidateReplicationController(rc), tc.want...)
		})
	}
}

func TestValidateReplicationControllerUpdate(t *testing.T) {
	oldRC := validRC()
	newRC := oldRC.DeepCopy()
	newRC.Spec.Replicas = ptr(int32(5))
	expectErrors(t, ValidateReplicationControllerUpdate(newRC, oldRC))

	newRC.Namespace = "other"
	newRC.Spec.Selector = map[string]string{"app": "api"}
	expectErrors(t, ValidateReplicationControllerUpdate(newRC, oldRC),
		`metadata.namespace: Invalid value: "other": field is immutable`,
		`spec.template.metadata.labels: Invalid value: {"app":"web"}: `+"`selector` does not match template `labels`",
	)
}

func TestValidateReplicationControllerStatusUpdate(t *testing.T) {
	cases := []struct {
		name   string
		status corev1.ReplicationControllerStatus
		want   []string
	}{
		{name: "consistent", status: corev1.ReplicationControllerStatus{Replicas: 3, FullyLabeledReplicas: 3, ReadyReplicas: 2, AvailableReplicas: 1}},
		{
			// Zero subsets still exceed negative replicas, so upstream piles
			// the ordering errors on top.
			name:   "negative",
			status: corev1.ReplicationControllerStatus{Replicas: -1, ObservedGeneration: -1},
			want: []string{
				"status.replicas: Invalid value: -1: must be greater than or equal to 0",
				"status.observedGeneration: Invalid value: -1: must be greater than or equal to 0",
				"status.fullyLabeledReplicas: Invalid value: 0: cannot be greater than status.replicas",
				"status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas",
				"status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas",
			},
		},
		{
			name:   "subsets exceed replicas",
			status: corev1.ReplicationControllerStatus{Replicas: 1, FullyLabeledReplicas: 2, ReadyReplicas: 2, AvailableReplicas: 3},
			want: []string{
				"status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas",
				"status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas",
				"status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas",
				"status.availableReplicas: Invalid value: 3: cannot be greater than readyReplicas",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			oldRC := validRC()
			newRC := oldRC.DeepCopy()
			newRC.Status = tc.status
			expectErrors(t, ValidateReplicationControllerStatusUpdate(newRC, oldRC), tc.want...)
		})
	}
}

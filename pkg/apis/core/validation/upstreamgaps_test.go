package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestEphemeralVolumeClaimTemplate(t *testing.T) {
	apiGroup := "snapshot.storage.k8s.io"
	cases := []struct {
		name     string
		template corev1.PersistentVolumeClaimTemplate
		want     []string
	}{
		{
			name: "valid",
			template: corev1.PersistentVolumeClaimTemplate{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
				Spec: corev1.PersistentVolumeClaimSpec{
					AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
					Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}},
				},
			},
		},
		{
			name:     "empty spec",
			template: corev1.PersistentVolumeClaimTemplate{ObjectMeta: metav1.ObjectMeta{Name: "fixed"}},
			want: []string{
				"spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.name: Forbidden: cannot be set",
				"spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required",
				"spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value",
			},
		},
		{
			name: "bad modes, size and data source",
			template: corev1.PersistentVolumeClaimTemplate{
				Spec: corev1.PersistentVolumeClaimSpec{
					AccessModes:   []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOncePod, corev1.ReadWriteOnce, "WriteSometimes"},
					Resources:     corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("0")}},
					VolumeMode:    ptr(corev1.PersistentVolumeMode("Tape")),
					DataSource:    &corev1.TypedLocalObjectReference{Kind: "Secret", Name: "s"},
					DataSourceRef: &corev1.TypedObjectReference{APIGroup: &apiGroup, Kind: "VolumeSnapshot", Name: "snap"},
				},
			},
			want: []string{
				`spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Unsupported value: "WriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"`,
				"spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
				`spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Invalid value: "0": must be greater than zero`,
				`spec.volumes[0].ephemeral.volumeClaimTemplate.spec.volumeMode: Unsupported value: "Tape": supported values: "Block", "Filesystem"`,
				`spec.volumes[0].ephemeral.volumeClaimTemplate.spec.dataSource: Invalid value: "Secret": must be 'PersistentVolumeClaim' when referencing the default apiGroup`,
				// The bad value is a *field.Path, which renders as {} upstream too.
				"spec.volumes[0].ephemeral.volumeClaimTemplate.spec: Invalid value: {}: must match dataSourceRef",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := validPod()
			template := tc.template
			pod.Spec.Volumes = []corev1.Volume{{Name: "scratch", VolumeSource: corev1.VolumeSource{Ephemeral: &corev1.EphemeralVolumeSource{VolumeClaimTemplate: &template}}}}
			expectErrors(t, ValidatePodCreate(pod), tc.want...)
		})
	}
}

func TestPrivilegedNeedsClusterPolicy(t *testing.T) {
	pod := validPod()
	pod.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{Privileged: ptr(true)}
	expectErrors(t, ValidatePodCreate(pod))

	SetAllowPrivileged(false)
	defer SetAllowPrivileged(true)
	expectErrors(t, ValidatePodCreate(pod), "spec.containers[0].securityContext.privileged: Forbidden: disallowed by cluster policy")
}

func TestWindowsHostProcessPod(t *testing.T) {
	pod := validPod()
	pod.Spec.Containers = append(pod.Spec.Containers, validContainer("helper"))
	pod.Spec.SecurityContext = &corev1.PodSecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{HostProcess: ptr(true)}}
	pod.Spec.Containers[1].SecurityContext = &corev1.SecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{HostProcess: ptr(false)}}
	expectErrors(t, ValidatePodCreate(pod),
		"spec.containers[1].securityContext.windowsOptions.hostProcess: Invalid value: false: pod hostProcess value must be identical if both are specified, was true",
		`spec: Invalid value: "": If pod contains any hostProcess containers then all containers must be HostProcess containers`,
		"spec.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers",
	)

	SetAllowPrivileged(false)
	defer SetAllowPrivileged(true)
	pod.Spec.Containers[1].SecurityContext = nil
	pod.Spec.HostNetwork = true
	expectErrors(t, ValidatePodCreate(pod), "spec: Forbidden: hostProcess containers are disallowed by cluster policy")
}

func TestTolerationsAnnotation(t *testing.T) {
	pod := validPod()
	pod.Annotations = map[string]string{corev1.TolerationsAnnotationKey: `[{"key":"","operator":"Equal","value":"x"}]`}
	expectErrors(t, ValidatePodCreate(pod),
		`metadata.annotations.scheduler.alpha.kubernetes.io/tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `+"`key`"+` is empty, which means "match all values and all keys"`,
	)
	pod.Annotations[corev1.TolerationsAnnotationKey] = `{`
	expectErrors(t, ValidatePodCreate(pod),
		`metadata.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": unexpected end of JSON input`,
	)
}

func TestNodeAlphaAnnotations(t *testing.T) {
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1", ResourceVersion: "1", Annotations: map[string]string{
		corev1.TaintsAnnotationKey:          `[{"key":"a","effect":"NoSchedule"},{"key":"a","effect":"NoSchedule"}]`,
		corev1.PreferAvoidPodsAnnotationKey: `{"preferAvoidPods":[{"podSignature":{}},{"podSignature":{"podController":{"apiVersion":"v1","kind":"ReplicationController","name":"rc","uid":"u","controller":false}}}]}`,
	}}}
	expectErrors(t, ValidateNode(node),
		`metadata.annotations.scheduler.alpha.kubernetes.io/taints[1]: Duplicate value: {"Key":"a","Value":"","Effect":"NoSchedule","TimeAdded":null}: taints must be unique by key and effect pair`,
		"metadata.annotations.scheduler.alpha.kubernetes.io/preferAvoidPods[0].PodSignature: Required value",
		"metadata.annotations.scheduler.alpha.kubernetes.io/preferAvoidPods[1].PodSignature.PodController.Controller: Invalid value: false: must point to a controller",
	)
	node.Annotations = map[string]string{corev1.PreferAvoidPodsAnnotationKey: `[`}
	expectErrors(t, ValidateNodeUpdate(node, node.DeepCopy()),
		`metadata.annotations.AvoidPods: Invalid value: "scheduler.alpha.kubernetes.io/preferAvoidPods": unexpected end of JSON input`,
	)
}

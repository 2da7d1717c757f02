package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestValidatePodEphemeralContainersUpdate(t *testing.T) {
	debug := corev1.EphemeralContainer{EphemeralContainerCommon: corev1.EphemeralContainerCommon(validContainer("debug"))}
	oldPod := validPod()
	oldPod.Spec.EphemeralContainers = []corev1.EphemeralContainer{debug}

	added := oldPod.DeepCopy()
	shell := debug.DeepCopy()
	shell.Name = "shell"
	added.Spec.EphemeralContainers = append(added.Spec.EphemeralContainers, *shell)
	expectErrors(t, ValidatePodEphemeralContainersUpdate(added, oldPod))

	removed := oldPod.DeepCopy()
	removed.Spec.EphemeralContainers = nil
	expectErrors(t, ValidatePodEphemeralContainersUpdate(removed, oldPod),
		"spec.ephemeralContainers: Forbidden: existing ephemeral containers \"debug\" may not be removed\n")

	changed := oldPod.DeepCopy()
	changed.Spec.EphemeralContainers[0].Image = "busybox"
	errs := ValidatePodEphemeralContainersUpdate(changed, oldPod)
	if len(errs) != 1 || errs[0].Field != "spec.ephemeralContainers" ||
		!strings.HasPrefix(errs[0].Detail, "existing ephemeral containers \"debug\" may not be changed\n") || !strings.Contains(errs[0].Detail, `"busybox"`) {
		t.Errorf("errors = %v, want one Forbidden naming the changed container with a diff", errs)
	}

	static := added.DeepCopy()
	static.Spec.NodeName = "node-1"
	static.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: "mirror"}
	staticOld := oldPod.DeepCopy()
	staticOld.Spec.NodeName = "node-1"
	staticOld.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: "mirror"}
	expectErrors(t, ValidatePodEphemeralContainersUpdate(static, staticOld), "[]: Forbidden: static pods do not support ephemeral containers")
}

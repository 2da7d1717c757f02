package validation

import (
	"fmt"
	"sync/atomic"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// allowPrivileged mirrors kube-apiserver's --allow-privileged, a process-wide
// setting there too. Like the flag, it defaults to false.
var allowPrivileged atomic.Bool

// SetAllowPrivileged sets whether pods may ask for privileged or Windows
// hostProcess containers, as --allow-privileged does upstream.
func SetAllowPrivileged(allowed bool) {
	allowPrivileged.Store(allowed)
}

// validatePrivileged rejects privileged containers when cluster policy
// forbids them.
func validatePrivileged(sc *corev1.SecurityContext, fldPath *field.Path) field.ErrorList {
	if sc.Privileged != nil && *sc.Privileged && !allowPrivileged.Load() {
		return field.ErrorList{field.Forbidden(fldPath.Child("privileged"), "disallowed by cluster policy")}
	}
	return nil
}

// validateWindowsHostProcessPod requires a pod with any hostProcess
// container to run every container that way, on the host network, and only
// where privileged pods are allowed. It applies whatever spec.os says, as
// upstream does.
func validateWindowsHostProcessPod(spec *corev1.PodSpec, specPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	var podHostProcess *bool
	if spec.SecurityContext != nil && spec.SecurityContext.WindowsOptions != nil {
		podHostProcess = spec.SecurityContext.WindowsOptions.HostProcess
	}
	containers, hostProcessContainers := 0, 0
	visitContainersWithPath(spec, specPath, func(c *corev1.Container, cPath *field.Path) {
		containers++
		var hostProcess *bool
		if c.SecurityContext != nil && c.SecurityContext.WindowsOptions != nil {
			hostProcess = c.SecurityContext.WindowsOptions.HostProcess
		}
		if podHostProcess != nil && hostProcess != nil && *podHostProcess != *hostProcess {
			allErrs = append(allErrs, field.Invalid(cPath.Child("securityContext", "windowsOptions", "hostProcess"), *hostProcess,
				fmt.Sprintf("pod hostProcess value must be identical if both are specified, was %v", *podHostProcess)))
		}
		if (hostProcess != nil && *hostProcess) || (hostProcess == nil && podHostProcess != nil && *podHostProcess) {
			hostProcessContainers++
		}
	})
	if hostProcessContainers == 0 {
		return allErrs
	}
	if hostProcessContainers != containers {
		allErrs = append(allErrs, field.Invalid(specPath, "", "If pod contains any hostProcess containers then all containers must be HostProcess containers"))
	}
	if !spec.HostNetwork {
		allErrs = append(allErrs, field.Invalid(specPath.Child("hostNetwork"), false, "hostNetwork must be true if pod contains any hostProcess containers"))
	}
	if !allowPrivileged.Load() {
		allErrs = append(allErrs, field.Forbidden(specPath, "hostProcess containers are disallowed by cluster policy"))
	}
	return allErrs
}

package validation

import (
	"fmt"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilsysctl "k8s.io/component-helpers/node/util/sysctl"
)

const (
	sysctlSegmentFmt      = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?"
	sysctlContainSlashFmt = "(" + sysctlSegmentFmt + "[\\./])*" + sysctlSegmentFmt
	sysctlMaxLength       = 253
)

var sysctlContainSlashRegexp = regexp.MustCompile("^" + sysctlContainSlashFmt + "$")

var validFSGroupChangePolicies = sets.New(corev1.FSGroupChangeOnRootMismatch, corev1.FSGroupChangeAlways)

var validSupplementalGroupsPolicies = sets.New(corev1.SupplementalGroupsPolicyMerge, corev1.SupplementalGroupsPolicyStrict)

var validSELinuxChangePolicies = sets.New(corev1.SELinuxChangePolicyRecursive, corev1.SELinuxChangePolicyMountOption)

// Annotation values of the deprecated AppArmor annotations, which must agree
// with the fields when both are given.
const (
	appArmorAnnotationUnconfined      = "unconfined"
	appArmorAnnotationRuntimeDefault  = "runtime/default"
	appArmorAnnotationLocalhostPrefix = "localhost/"
)

// Limits on Windows security options, from Windows' own naming rules.
const (
	maxGMSACredentialSpecLengthInKiB = 64
	maxGMSACredentialSpecLength      = maxGMSACredentialSpecLengthInKiB * 1024
	maxRunAsUserNameDomainLength     = 256
	maxRunAsUserNameUserLength       = 104
)

var (
	ctrlRegex                      = regexp.MustCompile(`[[:cntrl:]]+`)
	validNetBiosRegex              = regexp.MustCompile(`^[^\\/:\*\?"<>|\.][^\\/:\*\?"<>|]{0,14}$`)
	dnsLabelFormat                 = `[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?`
	validWindowsUserDomainDNSRegex = regexp.MustCompile(fmt.Sprintf(`^%s(?:\.%s)*$`, dnsLabelFormat, dnsLabelFormat))
	invalidUserNameCharsRegex      = regexp.MustCompile(`["/\\:;|=,\+\*\?<>@\[\]]`)
	invalidUserNameDotsSpacesRegex = regexp.MustCompile(`^[\. ]+$`)
)

// validatePodSpecSecurityContext checks spec.securityContext together with
// the host namespace flags, which upstream keeps inside it.
func validatePodSpecSecurityContext(spec *corev1.PodSpec, fldPath *field.Path) field.ErrorList {
	sc := spec.SecurityContext
	if sc == nil {
		sc = &corev1.PodSecurityContext{}
	}
	var allErrs field.ErrorList
	if sc.FSGroup != nil {
		allErrs = append(allErrs, validateGroupID(*sc.FSGroup, fldPath.Child("fsGroup"))...)
	}
	if sc.RunAsUser != nil {
		allErrs = append(allErrs, validateUserID(*sc.RunAsUser, fldPath.Child("runAsUser"))...)
	}
	if sc.RunAsGroup != nil {
		allErrs = append(allErrs, validateGroupID(*sc.RunAsGroup, fldPath.Child("runAsGroup"))...)
	}
	for g, gid := range sc.SupplementalGroups {
		allErrs = append(allErrs, validateGroupID(gid, fldPath.Child("supplementalGroups").Index(g))...)
	}
	if spec.ShareProcessNamespace != nil && spec.HostPID && *spec.ShareProcessNamespace {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("shareProcessNamespace"), *spec.ShareProcessNamespace, "ShareProcessNamespace and HostPID cannot both be enabled"))
	}
	if len(sc.Sysctls) != 0 {
		allErrs = append(allErrs, validateSysctls(sc.Sysctls, spec, fldPath.Child("sysctls"))...)
	}
	if sc.FSGroupChangePolicy != nil && !validFSGroupChangePolicies.Has(*sc.FSGroupChangePolicy) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("fsGroupChangePolicy"), sc.FSGroupChangePolicy, sets.List(validFSGroupChangePolicies)))
	}
	allErrs = append(allErrs, validateSeccompProfileField(sc.SeccompProfile, fldPath.Child("seccompProfile"))...)
	allErrs = append(allErrs, validateWindowsSecurityContextOptions(sc.WindowsOptions, fldPath.Child("windowsOptions"))...)
	allErrs = append(allErrs, validateAppArmorProfileField(sc.AppArmorProfile, fldPath.Child("appArmorProfile"))...)
	if sc.SupplementalGroupsPolicy != nil && !validSupplementalGroupsPolicies.Has(*sc.SupplementalGroupsPolicy) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("supplementalGroupsPolicy"), sc.SupplementalGroupsPolicy, sets.List(validSupplementalGroupsPolicies)))
	}
	if sc.SELinuxChangePolicy != nil && !validSELinuxChangePolicies.Has(*sc.SELinuxChangePolicy) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("seLinuxChangePolicy"), *sc.SELinuxChangePolicy, sets.List(validSELinuxChangePolicies)))
	}
	return allErrs
}

func validateSysctls(sysctls []corev1.Sysctl, spec *corev1.PodSpec, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	names := sets.Set[string]{}
	for i, s := range sysctls {
		namePath := fldPath.Index(i).Child("name")
		switch {
		case len(s.Name) == 0:
			allErrs = append(allErrs, field.Required(namePath, ""))
		case len(s.Name) > sysctlMaxLength || !sysctlContainSlashRegexp.MatchString(s.Name):
			allErrs = append(allErrs, field.Invalid(namePath, s.Name, fmt.Sprintf("must have at most %d characters and match regex %s", sysctlMaxLength, sysctlContainSlashRegexp)))
		case names.Has(s.Name):
			allErrs = append(allErrs, field.Duplicate(namePath, s.Name))
		}
		// Namespaced sysctls would leak into the host's namespaces.
		ns, _, _ := utilsysctl.GetNamespace(s.Name)
		switch {
		case spec.HostNetwork && ns == utilsysctl.NetNamespace:
			allErrs = append(allErrs, field.Invalid(namePath, s.Name, "may not be specified when 'hostNetwork' is true"))
		case spec.HostIPC && ns == utilsysctl.IPCNamespace:
			allErrs = append(allErrs, field.Invalid(namePath, s.Name, "may not be specified when 'hostIPC' is true"))
		}
		names.Insert(s.Name)
	}
	return allErrs
}

// validateSecurityContext checks a container's securityContext, including
// whether cluster policy allows it to be privileged.
func validateSecurityContext(sc *corev1.SecurityContext, fldPath *field.Path, hostUsers bool) field.ErrorList {
	if sc == nil {
		return nil
	}
	allErrs := validatePrivileged(sc, fldPath)
	if sc.RunAsUser != nil {
		allErrs = append(allErrs, validateUserID(*sc.RunAsUser, fldPath.Child("runAsUser"))...)
	}
	if sc.RunAsGroup != nil {
		allErrs = append(allErrs, validateGroupID(*sc.RunAsGroup, fldPath.Child("runAsGroup"))...)
	}
	if sc.ProcMount != nil {
		switch *sc.ProcMount {
		case corev1.DefaultProcMount, corev1.UnmaskedProcMount:
		default:
			allErrs = append(allErrs, field.NotSupported(fldPath.Child("procMount"), *sc.ProcMount, []corev1.ProcMountType{corev1.DefaultProcMount, corev1.UnmaskedProcMount}))
		}
		if hostUsers && *sc.ProcMount == corev1.UnmaskedProcMount {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("procMount"), sc.ProcMount, "`hostUsers` must be false to use `Unmasked`"))
		}
	}
	allErrs = append(allErrs, validateSeccompProfileField(sc.SeccompProfile, fldPath.Child("seccompProfile"))...)
	if sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation {
		if sc.Privileged != nil && *sc.Privileged {
			allErrs = append(allErrs, field.Invalid(fldPath, internalShape{sc}, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"))
		}
		if sc.Capabilities != nil {
			for _, c := range sc.Capabilities.Add {
				if string(c) == "CAP_SYS_ADMIN" {
					allErrs = append(allErrs, field.Invalid(fldPath, internalShape{sc}, "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"))
				}
			}
		}
	}
	allErrs = append(allErrs, validateWindowsSecurityContextOptions(sc.WindowsOptions, fldPath.Child("windowsOptions"))...)
	allErrs = append(allErrs, validateAppArmorProfileField(sc.AppArmorProfile, fldPath.Child("appArmorProfile"))...)
	return allErrs
}

func validateSeccompProfileField(sp *corev1.SeccompProfile, fldPath *field.Path) field.ErrorList {
	if sp == nil {
		return nil
	}
	var allErrs field.ErrorList
	typePath := fldPath.Child("type")
	switch sp.Type {
	case corev1.SeccompProfileTypeLocalhost, corev1.SeccompProfileTypeRuntimeDefault, corev1.SeccompProfileTypeUnconfined:
	case "":
		allErrs = append(allErrs, field.Required(typePath, "type is required when seccompProfile is set"))
	default:
		allErrs = append(allErrs, field.NotSupported(typePath, sp.Type,
			[]corev1.SeccompProfileType{corev1.SeccompProfileTypeLocalhost, corev1.SeccompProfileTypeRuntimeDefault, corev1.SeccompProfileTypeUnconfined}))
	}
	if sp.Type == corev1.SeccompProfileTypeLocalhost {
		if sp.LocalhostProfile == nil {
			allErrs = append(allErrs, field.Required(fldPath.Child("localhostProfile"), "must be set when seccomp type is Localhost"))
		} else {
			allErrs = append(allErrs, validateLocalDescendingPath(*sp.LocalhostProfile, fldPath.Child("localhostProfile"))...)
		}
	} else if sp.LocalhostProfile != nil {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("localhostProfile"), internalShape{sp}, "can only be set when seccomp type is Localhost"))
	}
	return allErrs
}

func validateAppArmorProfileField(profile *corev1.AppArmorProfile, fldPath *field.Path) field.ErrorList {
	if profile == nil {
		return nil
	}
	var allErrs field.ErrorList
	localhostPath := fldPath.Child("localhostProfile")
	switch profile.Type {
	case corev1.AppArmorProfileTypeLocalhost:
		if profile.LocalhostProfile == nil {
			allErrs = append(allErrs, field.Required(localhostPath, "must be set when AppArmor type is Localhost"))
			break
		}
		trimmed := strings.TrimSpace(*profile.LocalhostProfile)
		if trimmed != *profile.LocalhostProfile {
			allErrs = append(allErrs, field.Invalid(localhostPath, *profile.LocalhostProfile, "must not be padded with whitespace"))
		} else if trimmed == "" {
			allErrs = append(allErrs, field.Required(localhostPath, "must be set when AppArmor type is Localhost"))
		}
		const maxLocalhostProfileLength = 4095 // PATH_MAX - 1
		if len(*profile.LocalhostProfile) > maxLocalhostProfileLength {
			allErrs = append(allErrs, field.TooLong(localhostPath, "", maxLocalhostProfileLength))
		}
	case corev1.AppArmorProfileTypeRuntimeDefault, corev1.AppArmorProfileTypeUnconfined:
		if profile.LocalhostProfile != nil {
			allErrs = append(allErrs, field.Invalid(localhostPath, profile.LocalhostProfile, "can only be set when AppArmor type is Localhost"))
		}
	case "":
		allErrs = append(allErrs, field.Required(fldPath.Child("type"), "type is required when appArmorProfile is set"))
	default:
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("type"), profile.Type,
			[]corev1.AppArmorProfileType{corev1.AppArmorProfileTypeLocalhost, corev1.AppArmorProfileTypeRuntimeDefault, corev1.AppArmorProfileTypeUnconfined}))
	}
	return allErrs
}

func validateWindowsSecurityContextOptions(opts *corev1.WindowsSecurityContextOptions, fldPath *field.Path) field.ErrorList {
	if opts == nil {
		return nil
	}
	var allErrs field.ErrorList
	if opts.GMSACredentialSpecName != nil {
		for _, msg := range validation.IsDNS1123Subdomain(*opts.GMSACredentialSpecName) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("gmsaCredentialSpecName"), opts.GMSACredentialSpecName, msg))
		}
	}
	if opts.GMSACredentialSpec != nil {
		specPath := fldPath.Child("gmsaCredentialSpec")
		if l := len(*opts.GMSACredentialSpec); l == 0 {
			allErrs = append(allErrs, field.Invalid(specPath, opts.GMSACredentialSpec, "gmsaCredentialSpec cannot be an empty string"))
		} else if l > maxGMSACredentialSpecLength {
			allErrs = append(allErrs, field.Invalid(specPath, opts.GMSACredentialSpec, fmt.Sprintf("gmsaCredentialSpec size must be under %d KiB", maxGMSACredentialSpecLengthInKiB)))
		}
	}
	if opts.RunAsUserName != nil {
		allErrs = append(allErrs, validateRunAsUserName(opts.RunAsUserName, fldPath.Child("runAsUserName"))...)
	}
	return allErrs
}

func validateRunAsUserName(name *string, fldPath *field.Path) field.ErrorList {
	invalid := func(msg string) field.ErrorList {
		return field.ErrorList{field.Invalid(fldPath, name, msg)}
	}
	if len(*name) == 0 {
		return invalid("runAsUserName cannot be an empty string")
	}
	if ctrlRegex.MatchString(*name) {
		return invalid("runAsUserName cannot contain control characters")
	}
	parts := strings.Split(*name, "\\")
	if len(parts) > 2 {
		return invalid("runAsUserName cannot contain more than one backslash")
	}
	hasDomain, domain, user := false, "", parts[0]
	if len(parts) == 2 {
		hasDomain, domain, user = true, parts[0], parts[1]
	}
	var allErrs field.ErrorList
	if len(domain) >= maxRunAsUserNameDomainLength {
		allErrs = append(allErrs, invalid(fmt.Sprintf("runAsUserName's Domain length must be under %d characters", maxRunAsUserNameDomainLength))...)
	}
	if hasDomain && !(validNetBiosRegex.MatchString(domain) || validWindowsUserDomainDNSRegex.MatchString(domain)) {
		allErrs = append(allErrs, invalid("runAsUserName's Domain doesn't match the NetBios nor the DNS format")...)
	}
	if l := len(user); l == 0 {
		allErrs = append(allErrs, invalid("runAsUserName's User cannot be empty")...)
	} else if l > maxRunAsUserNameUserLength {
		allErrs = append(allErrs, invalid(fmt.Sprintf("runAsUserName's User length must not be longer than %d characters", maxRunAsUserNameUserLength))...)
	}
	if invalidUserNameDotsSpacesRegex.MatchString(user) {
		allErrs = append(allErrs, invalid(`runAsUserName's User cannot contain only periods or spaces`)...)
	}
	if invalidUserNameCharsRegex.MatchString(user) {
		allErrs = append(allErrs, invalid(`runAsUserName's User cannot contain the following characters: "/\:;|=,+*?<>@[]`)...)
	}
	return allErrs
}

func validateSeccompProfileAnnotation(p string, fldPath *field.Path) field.ErrorList {
	switch {
	case p == corev1.SeccompProfileRuntimeDefault, p == corev1.DeprecatedSeccompProfileDockerDefault, p == corev1.SeccompProfileNameUnconfined:
		return nil
	case strings.HasPrefix(p, corev1.SeccompLocalhostProfileNamePrefix):
		return validateLocalDescendingPath(strings.TrimPrefix(p, corev1.SeccompLocalhostProfileNamePrefix), fldPath)
	}
	return field.ErrorList{field.Invalid(fldPath, p, "must be a valid seccomp profile")}
}

// validateSeccompPodAnnotations uses Child rather than Key for the
// annotation names, so the keys appear dotted into the path as upstream's do.
func validateSeccompPodAnnotations(annotations map[string]string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if p, ok := annotations[corev1.SeccompPodAnnotationKey]; ok {
		allErrs = append(allErrs, validateSeccompProfileAnnotation(p, fldPath.Child(corev1.SeccompPodAnnotationKey))...)
	}
	for k, p := range annotations {
		if strings.HasPrefix(k, corev1.SeccompContainerAnnotationKeyPrefix) {
			allErrs = append(allErrs, validateSeccompProfileAnnotation(p, fldPath.Child(k))...)
		}
	}
	return allErrs
}

func validateAppArmorPodAnnotations(annotations map[string]string, spec *corev1.PodSpec, fldPath *field.Path) field.ErrorList {
	containerNames := sets.New[string]()
	visitContainersWithPath(spec, field.NewPath("spec"), func(c *corev1.Container, _ *field.Path) {
		containerNames.Insert(c.Name)
	})
	var allErrs field.ErrorList
	for k, p := range annotations {
		if !strings.HasPrefix(k, corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix) {
			continue
		}
		containerName := strings.TrimPrefix(k, corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix)
		if !containerNames.Has(containerName) {
			allErrs = append(allErrs, field.Invalid(fldPath.Key(k), containerName, "container not found"))
		}
		if p != "" && p != corev1.DeprecatedAppArmorBetaProfileRuntimeDefault && p != corev1.DeprecatedAppArmorBetaProfileNameUnconfined &&
			!strings.HasPrefix(p, corev1.DeprecatedAppArmorBetaProfileNamePrefix) {
			allErrs = append(allErrs, field.Invalid(fldPath.Key(k), p, fmt.Sprintf("invalid AppArmor profile name: %q", p)))
		}
	}
	return allErrs
}

// validateAppArmorAnnotationsAndFieldsMatch requires the deprecated
// per-container annotation to agree with the effective profile field.
func validateAppArmorAnnotationsAndFieldsMatch(meta metav1.ObjectMeta, spec *corev1.PodSpec, specPath *field.Path) field.ErrorList {
	if spec.OS != nil && spec.OS.Name == corev1.Windows {
		return nil
	}
	var podProfile *corev1.AppArmorProfile
	if spec.SecurityContext != nil {
		podProfile = spec.SecurityContext.AppArmorProfile
	}
	var allErrs field.ErrorList
	visitContainersWithPath(spec, specPath, func(c *corev1.Container, cPath *field.Path) {
		profile := podProfile
		if c.SecurityContext != nil && c.SecurityContext.AppArmorProfile != nil {
			profile = c.SecurityContext.AppArmorProfile
		}
		if profile == nil {
			return
		}
		annotation, found := meta.Annotations[corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix+c.Name]
		if !found {
			return
		}
		apparmorPath := cPath.Child("securityContext").Child("appArmorProfile")
		typeMismatch := field.Forbidden(apparmorPath.Child("type"), "apparmor type in annotation and field must match")
		switch profile.Type {
		case corev1.AppArmorProfileTypeUnconfined:
			if annotation != appArmorAnnotationUnconfined {
				allErrs = append(allErrs, typeMismatch)
			}
		case corev1.AppArmorProfileTypeRuntimeDefault:
			if annotation != appArmorAnnotationRuntimeDefault {
				allErrs = append(allErrs, typeMismatch)
			}
		case corev1.AppArmorProfileTypeLocalhost:
			if !strings.HasPrefix(annotation, appArmorAnnotationLocalhostPrefix) {
				allErrs = append(allErrs, typeMismatch)
			} else if profile.LocalhostProfile == nil || strings.TrimPrefix(annotation, appArmorAnnotationLocalhostPrefix) != *profile.LocalhostProfile {
				allErrs = append(allErrs, field.Forbidden(apparmorPath.Child("localhostProfile"), "apparmor profile in annotation and field must match"))
			}
		}
	})
	return allErrs
}

// validateSeccompAnnotationsAndFields requires the deprecated seccomp
// annotations to agree with the fields when both are set.
func validateSeccompAnnotationsAndFields(meta metav1.ObjectMeta, spec *corev1.PodSpec, specPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if spec.SecurityContext != nil && spec.SecurityContext.SeccompProfile != nil {
		if annotation, found := meta.Annotations[corev1.SeccompPodAnnotationKey]; found {
			seccompPath := specPath.Child("securityContext").Child("seccompProfile")
			if err := validateSeccompAnnotationMatch(annotation, spec.SecurityContext.SeccompProfile, seccompPath); err != nil {
				allErrs = append(allErrs, err)
			}
		}
	}
	visitContainersWithPath(spec, specPath, func(c *corev1.Container, cPath *field.Path) {
		if c.SecurityContext == nil || c.SecurityContext.SeccompProfile == nil {
			return
		}
		if annotation, found := meta.Annotations[corev1.SeccompContainerAnnotationKeyPrefix+c.Name]; found {
			seccompPath := cPath.Child("securityContext").Child("seccompProfile")
			if err := validateSeccompAnnotationMatch(annotation, c.SecurityContext.SeccompProfile, seccompPath); err != nil {
				allErrs = append(allErrs, err)
			}
		}
	})
	return allErrs
}

func validateSeccompAnnotationMatch(annotation string, profile *corev1.SeccompProfile, fldPath *field.Path) *field.Error {
	typeMismatch := field.Forbidden(fldPath.Child("type"), "seccomp type in annotation and field must match")
	switch profile.Type {
	case corev1.SeccompProfileTypeUnconfined:
		if annotation != corev1.SeccompProfileNameUnconfined {
			return typeMismatch
		}
	case corev1.SeccompProfileTypeRuntimeDefault:
		if annotation != corev1.SeccompProfileRuntimeDefault && annotation != corev1.DeprecatedSeccompProfileDockerDefault {
			return typeMismatch
		}
	case corev1.SeccompProfileTypeLocalhost:
		if !strings.HasPrefix(annotation, corev1.SeccompLocalhostProfileNamePrefix) {
			return typeMismatch
		}
		if profile.LocalhostProfile == nil || strings.TrimPrefix(annotation, corev1.SeccompLocalhostProfileNamePrefix) != *profile.LocalhostProfile {
			return field.Forbidden(fldPath.Child("localhostProfile"), "seccomp profile in annotation and field must match")
		}
	}
	return nil
}

// validateLinuxPod forbids Windows-only options on a pod declared Linux.
func validateLinuxPod(spec *corev1.PodSpec, specPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	const msg = "windows options cannot be set for a linux pod"
	if spec.SecurityContext != nil && spec.SecurityContext.WindowsOptions != nil {
		allErrs = append(allErrs, field.Forbidden(specPath.Child("securityContext").Child("windowsOptions"), msg))
	}
	visitContainersWithPath(spec, specPath, func(c *corev1.Container, cPath *field.Path) {
		if c.SecurityContext != nil && c.SecurityContext.WindowsOptions != nil {
			allErrs = append(allErrs, field.Forbidden(cPath.Child("securityContext").Child("windowsOptions"), msg))
		}
	})
	return allErrs
}

// validateWindowsPod forbids Linux-only options on a pod declared Windows.
func validateWindowsPod(spec *corev1.PodSpec, specPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	const msg = "cannot be set for a windows pod"
	forbid := func(set bool, path *field.Path) {
		if set {
			allErrs = append(allErrs, field.Forbidden(path, msg))
		}
	}
	// Upstream keeps the host namespace flags in the pod security context,
	// so they are checked even when no security context was given.
	podSC := spec.SecurityContext
	if podSC == nil {
		podSC = &corev1.PodSecurityContext{}
	}
	podSCPath := specPath.Child("securityContext")
	forbid(podSC.AppArmorProfile != nil, podSCPath.Child("appArmorProfile"))
	forbid(podSC.SELinuxOptions != nil, podSCPath.Child("seLinuxOptions"))
	forbid(spec.HostUsers != nil, specPath.Child("hostUsers"))
	forbid(spec.HostPID, specPath.Child("hostPID"))
	forbid(spec.HostIPC, specPath.Child("hostIPC"))
	forbid(podSC.SeccompProfile != nil, podSCPath.Child("seccompProfile"))
	forbid(podSC.FSGroup != nil, podSCPath.Child("fsGroup"))
	forbid(podSC.FSGroupChangePolicy != nil, podSCPath.Child("fsGroupChangePolicy"))
	forbid(len(podSC.Sysctls) > 0, podSCPath.Child("sysctls"))
	forbid(spec.ShareProcessNamespace != nil, specPath.Child("shareProcessNamespace"))
	forbid(podSC.RunAsUser != nil, podSCPath.Child("runAsUser"))
	forbid(podSC.RunAsGroup != nil, podSCPath.Child("runAsGroup"))
	forbid(podSC.SupplementalGroups != nil, podSCPath.Child("supplementalGroups"))
	forbid(podSC.SupplementalGroupsPolicy != nil, podSCPath.Child("supplementalGroupsPolicy"))
	forbid(podSC.SELinuxChangePolicy != nil, podSCPath.Child("seLinuxChangePolicy"))
	visitContainersWithPath(spec, specPath, func(c *corev1.Container, cPath *field.Path) {
		sc := c.SecurityContext
		if sc == nil {
			return
		}
		scPath := cPath.Child("securityContext")
		forbid(sc.AppArmorProfile != nil, scPath.Child("appArmorProfile"))
		forbid(sc.SELinuxOptions != nil, scPath.Child("seLinuxOptions"))
		forbid(sc.SeccompProfile != nil, scPath.Child("seccompProfile"))
		forbid(sc.Capabilities != nil, scPath.Child("capabilities"))
		forbid(sc.ReadOnlyRootFilesystem != nil, scPath.Child("readOnlyRootFilesystem"))
		forbid(sc.Privileged != nil, scPath.Child("privileged"))
		forbid(sc.AllowPrivilegeEscalation != nil, scPath.Child("allowPrivilegeEscalation"))
		forbid(sc.ProcMount != nil, scPath.Child("procMount"))
		forbid(sc.RunAsUser != nil, scPath.Child("runAsUser"))
		forbid(sc.RunAsGroup != nil, scPath.Child("runAsGroup"))
	})
	return allErrs
}

// validateUserID reports a UID outside the range Linux allows.
func validateUserID(uid int64, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for _, msg := range validation.IsValidUserID(uid) {
		allErrs = append(allErrs, field.Invalid(fldPath, uid, msg))
	}
	return allErrs
}

// validateGroupID reports a GID outside the range Linux allows.
func validateGroupID(gid int64, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for _, msg := range validation.IsValidGroupID(gid) {
		allErrs = append(allErrs, field.Invalid(fldPath, gid, msg))
	}
	return allErrs
}

package validation

import (
	"fmt"
	"net"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

const fileModeErrorMsg = "must be a number between 0 and 0777 (octal), both inclusive"

var pdPartitionErrorMsg = validation.InclusiveRangeError(1, 255)

var (
	iscsiInitiatorIqnRegex = regexp.MustCompile(`iqn\.\d{4}-\d{2}\.([[:alnum:]-.]+)(:[^,;*&$|\s]+)$`)
	iscsiInitiatorEuiRegex = regexp.MustCompile(`^eui.[[:alnum:]]{16}$`)
	iscsiInitiatorNaaRegex = regexp.MustCompile(`^naa.[[:alnum:]]{32}$`)
)

var validVolumeDownwardAPIFieldPathExpressions = sets.New(
	"metadata.name",
	"metadata.namespace",
	"metadata.labels",
	"metadata.annotations",
	"metadata.uid",
)

var supportedHostPathTypes = sets.New(
	corev1.HostPathUnset,
	corev1.HostPathDirectoryOrCreate,
	corev1.HostPathDirectory,
	corev1.HostPathFileOrCreate,
	corev1.HostPathFile,
	corev1.HostPathSocket,
	corev1.HostPathCharDev,
	corev1.HostPathBlockDev,
)

var supportedMountPropagations = sets.New(
	corev1.MountPropagationBidirectional,
	corev1.MountPropagationHostToContainer,
	corev1.MountPropagationNone,
)

var supportedRecursiveReadOnly = sets.New(
	corev1.RecursiveReadOnlyDisabled,
	corev1.RecursiveReadOnlyIfPossible,
	corev1.RecursiveReadOnlyEnabled,
)

var supportedAzureCachingModes = sets.New(
	corev1.AzureDataDiskCachingNone,
	corev1.AzureDataDiskCachingReadOnly,
	corev1.AzureDataDiskCachingReadWrite,
)

var supportedAzureDiskKinds = sets.New(
	corev1.AzureSharedBlobDisk,
	corev1.AzureDedicatedBlobDisk,
	corev1.AzureManagedDisk,
)

// validateVolumes returns the valid volumes by name, for mounts to be
// checked against, along with the errors.
func validateVolumes(volumes []corev1.Volume, podMeta *metav1.ObjectMeta, fldPath *field.Path, opts podValidationOptions) (map[string]corev1.VolumeSource, field.ErrorList) {
	var allErrs field.ErrorList
	allNames := sets.Set[string]{}
	// The PVCs generic ephemeral volumes will create can only be named when
	// the pod name is known.
	createdPVCs := sets.Set[string]{}
	if podMeta != nil && podMeta.Name != "" {
		for _, vol := range volumes {
			if vol.Ephemeral != nil {
				createdPVCs.Insert(podMeta.Name + "-" + vol.Name)
			}
		}
	}
	vols := make(map[string]corev1.VolumeSource)
	for i := range volumes {
		vol := &volumes[i]
		idxPath := fldPath.Index(i)
		namePath := idxPath.Child("name")
		el := validateVolumeSource(&vol.VolumeSource, idxPath, vol.Name, podMeta, opts)
		if len(vol.Name) == 0 {
			el = append(el, field.Required(namePath, ""))
		} else {
			el = append(el, validateDNS1123Label(vol.Name, namePath)...)
		}
		if allNames.Has(vol.Name) {
			el = append(el, field.Duplicate(namePath, vol.Name))
		}
		if len(el) == 0 {
			allNames.Insert(vol.Name)
			vols[vol.Name] = vol.VolumeSource
		} else {
			allErrs = append(allErrs, el...)
		}
		if vol.PersistentVolumeClaim != nil && createdPVCs.Has(vol.PersistentVolumeClaim.ClaimName) {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("persistentVolumeClaim").Child("claimName"), vol.PersistentVolumeClaim.ClaimName,
				"must not reference a PVC that gets created for an ephemeral volume"))
		}
	}
	return vols, allErrs
}

// volumeType is one possible source of a volume: whether it is set, the
// name reported when a second source is set, its own validation, and checks
// that apply even when it is not the first source set.
type volumeType struct {
	set      bool
	name     string
	validate func() field.ErrorList
	always   func() field.ErrorList
}

// validateVolumeSource requires exactly one source. The order and the
// reported names follow upstream, including its slips ("downwarAPI" when a
// second source is downwardAPI, "persistentDisk" inside gcePersistentDisk).
func validateVolumeSource(source *corev1.VolumeSource, fldPath *field.Path, volName string, podMeta *metav1.ObjectMeta, opts podValidationOptions) field.ErrorList {
	var allErrs field.ErrorList
	numVolumes := 0
	if source.EmptyDir != nil {
		numVolumes++
		if source.EmptyDir.SizeLimit != nil && source.EmptyDir.SizeLimit.Cmp(resource.Quantity{}) < 0 {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child("emptyDir").Child("sizeLimit"), "SizeLimit field must be a valid resource quantity"))
		}
	}
	types := []volumeType{
		{source.HostPath != nil, "hostPath", func() field.ErrorList {
			return validateHostPathVolumeSource(source.HostPath, fldPath.Child("hostPath"))
		}, nil},
		{source.GitRepo != nil, "gitRepo", func() field.ErrorList { return validateGitRepoVolumeSource(source.GitRepo, fldPath.Child("gitRepo")) }, nil},
		{source.GCEPersistentDisk != nil, "gcePersistentDisk", func() field.ErrorList {
			return validatePartitionedDisk(source.GCEPersistentDisk.PDName, "pdName", source.GCEPersistentDisk.Partition, fldPath.Child("persistentDisk"))
		}, nil},
		{source.AWSElasticBlockStore != nil, "awsElasticBlockStore", func() field.ErrorList {
			return validatePartitionedDisk(source.AWSElasticBlockStore.VolumeID, "volumeID", source.AWSElasticBlockStore.Partition, fldPath.Child("awsElasticBlockStore"))
		}, nil},
		{source.Secret != nil, "secret", func() field.ErrorList { return validateSecretVolumeSource(source.Secret, fldPath.Child("secret")) }, nil},
		{source.NFS != nil, "nfs", func() field.ErrorList { return validateNFSVolumeSource(source.NFS, fldPath.Child("nfs")) }, nil},
		{source.ISCSI != nil, "iscsi", func() field.ErrorList { return validateISCSIVolumeSource(source.ISCSI, fldPath.Child("iscsi")) }, func() field.ErrorList {
			if source.ISCSI.InitiatorName != nil && len(volName+":"+source.ISCSI.TargetPortal) > 64 {
				return field.ErrorList{field.Invalid(fldPath.Child("name"), volName,
					"Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.")}
			}
			return nil
		}},
		{source.Glusterfs != nil, "glusterfs", func() field.ErrorList {
			return requireStrings(fldPath.Child("glusterfs"), "endpoints", source.Glusterfs.EndpointsName, "path", source.Glusterfs.Path)
		}, nil},
		{source.Flocker != nil, "flocker", func() field.ErrorList { return validateFlockerVolumeSource(source.Flocker, fldPath.Child("flocker")) }, nil},
		{source.PersistentVolumeClaim != nil, "persistentVolumeClaim", func() field.ErrorList {
			return requireStrings(fldPath.Child("persistentVolumeClaim"), "claimName", source.PersistentVolumeClaim.ClaimName)
		}, nil},
		{source.RBD != nil, "rbd", func() field.ErrorList {
			allErrs := field.ErrorList{}
			if len(source.RBD.CephMonitors) == 0 {
				allErrs = append(allErrs, field.Required(fldPath.Child("rbd", "monitors"), ""))
			}
			return append(allErrs, requireStrings(fldPath.Child("rbd"), "image", source.RBD.RBDImage)...)
		}, nil},
		{source.Cinder != nil, "cinder", func() field.ErrorList {
			allErrs := requireStrings(fldPath.Child("cinder"), "volumeID", source.Cinder.VolumeID)
			if source.Cinder.SecretRef != nil && len(source.Cinder.SecretRef.Name) == 0 {
				allErrs = append(allErrs, field.Required(fldPath.Child("cinder", "secretRef", "name"), ""))
			}
			return allErrs
		}, nil},
		{source.CephFS != nil, "cephFS", func() field.ErrorList {
			if len(source.CephFS.Monitors) == 0 {
				return field.ErrorList{field.Required(fldPath.Child("cephfs", "monitors"), "")}
			}
			return nil
		}, nil},
		{source.Quobyte != nil, "quobyte", func() field.ErrorList { return validateQuobyteVolumeSource(source.Quobyte, fldPath.Child("quobyte")) }, nil},
		{source.DownwardAPI != nil, "downwarAPI", func() field.ErrorList {
			return validateDownwardAPIVolumeSource(source.DownwardAPI, fldPath.Child("downwardAPI"))
		}, nil},
		{source.FC != nil, "fc", func() field.ErrorList { return validateFCVolumeSource(source.FC, fldPath.Child("fc")) }, nil},
		{source.FlexVolume != nil, "flexVolume", func() field.ErrorList {
			return validateFlexVolumeSource(source.FlexVolume, fldPath.Child("flexVolume"))
		}, nil},
		{source.ConfigMap != nil, "configMap", func() field.ErrorList {
			return validateConfigMapVolumeSource(source.ConfigMap, fldPath.Child("configMap"))
		}, nil},
		{source.AzureFile != nil, "azureFile", func() field.ErrorList {
			return requireStrings(fldPath.Child("azureFile"), "secretName", source.AzureFile.SecretName, "shareName", source.AzureFile.ShareName)
		}, nil},
		{source.VsphereVolume != nil, "vsphereVolume", func() field.ErrorList {
			return requireStrings(fldPath.Child("vsphereVolume"), "volumePath", source.VsphereVolume.VolumePath)
		}, nil},
		{source.PhotonPersistentDisk != nil, "photonPersistentDisk", func() field.ErrorList {
			return requireStrings(fldPath.Child("photonPersistentDisk"), "pdID", source.PhotonPersistentDisk.PdID)
		}, nil},
		{source.PortworxVolume != nil, "portworxVolume", func() field.ErrorList {
			return requireStrings(fldPath.Child("portworxVolume"), "volumeID", source.PortworxVolume.VolumeID)
		}, nil},
		{source.AzureDisk != nil, "azureDisk", func() field.ErrorList { return validateAzureDisk(source.AzureDisk, fldPath.Child("azureDisk")) }, nil},
		{source.StorageOS != nil, "storageos", func() field.ErrorList {
			return validateStorageOSVolumeSource(source.StorageOS, fldPath.Child("storageos"))
		}, nil},
		{source.Projected != nil, "projected", func() field.ErrorList {
			return validateProjectedVolumeSource(source.Projected, fldPath.Child("projected"))
		}, nil},
		{source.ScaleIO != nil, "scaleIO", func() field.ErrorList {
			return requireStrings(fldPath.Child("scaleIO"), "gateway", source.ScaleIO.Gateway, "system", source.ScaleIO.System, "volumeName", source.ScaleIO.VolumeName)
		}, nil},
		{source.CSI != nil, "csi", func() field.ErrorList { return validateCSIVolumeSource(source.CSI, fldPath.Child("csi")) }, nil},
		{source.Ephemeral != nil, "ephemeral", func() field.ErrorList {
			return validateEphemeralVolumeSource(source.Ephemeral, fldPath, volName, podMeta)
		}, nil},
		{source.Image != nil, "image", func() field.ErrorList {
			return validateImageVolumeSource(source.Image, fldPath.Child("image"), opts)
		}, nil},
	}
	return append(allErrs, validateOneVolumeType(types, numVolumes, fldPath)...)
}

// validateOneVolumeType reports every set source after the first as forbidden and no source at all
// as required; numVolumes counts the sources already seen before types.
func validateOneVolumeType(types []volumeType, numVolumes int, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	for _, t := range types {
		if !t.set {
			continue
		}
		if numVolumes > 0 {
			allErrs = append(allErrs, field.Forbidden(fldPath.Child(t.name), "may not specify more than 1 volume type"))
		} else {
			numVolumes++
			allErrs = append(allErrs, t.validate()...)
		}
		if t.always != nil {
			allErrs = append(allErrs, t.always()...)
		}
	}
	if numVolumes == 0 {
		allErrs = append(allErrs, field.Required(fldPath, "must specify a volume type"))
	}
	return allErrs
}

// requireStrings takes (child name, value) pairs and reports each empty one
// as required under fldPath.
func requireStrings(fldPath *field.Path, pairs ...string) field.ErrorList {
	var allErrs field.ErrorList
	for i := 0; i+1 < len(pairs); i += 2 {
		if len(pairs[i+1]) == 0 {
			allErrs = append(allErrs, field.Required(fldPath.Child(pairs[i]), ""))
		}
	}
	return allErrs
}

func validatePartitionedDisk(id, idField string, partition int32, fldPath *field.Path) field.ErrorList {
	allErrs := requireStrings(fldPath, idField, id)
	if partition < 0 || partition > 255 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("partition"), partition, pdPartitionErrorMsg))
	}
	return allErrs
}

func validateHostPathVolumeSource(hostPath *corev1.HostPathVolumeSource, fldPath *field.Path) field.ErrorList {
	if len(hostPath.Path) == 0 {
		return field.ErrorList{field.Required(fldPath.Child("path"), "")}
	}
	allErrs := validatePathNoBacksteps(hostPath.Path, fldPath.Child("path"))
	if hostPath.Type != nil && !supportedHostPathTypes.Has(*hostPath.Type) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("type"), hostPath.Type, sets.List(supportedHostPathTypes)))
	}
	return allErrs
}

func validateGitRepoVolumeSource(gitRepo *corev1.GitRepoVolumeSource, fldPath *field.Path) field.ErrorList {
	allErrs := requireStrings(fldPath, "repository", gitRepo.Repository)
	return append(allErrs, validateLocalDescendingPath(gitRepo.Directory, fldPath.Child("directory"))...)
}

func validateISCSIName(name string, fldPath *field.Path, prefixMsg string) field.ErrorList {
	var allErrs field.ErrorList
	if !strings.HasPrefix(name, "iqn") && !strings.HasPrefix(name, "eui") && !strings.HasPrefix(name, "naa") {
		allErrs = append(allErrs, field.Invalid(fldPath, name, prefixMsg))
	}
	switch {
	case strings.HasPrefix(name, "iqn") && !iscsiInitiatorIqnRegex.MatchString(name),
		strings.HasPrefix(name, "eui") && !iscsiInitiatorEuiRegex.MatchString(name),
		strings.HasPrefix(name, "naa") && !iscsiInitiatorNaaRegex.MatchString(name):
		allErrs = append(allErrs, field.Invalid(fldPath, name, "must be valid format"))
	}
	return allErrs
}

func validateISCSIVolumeSource(iscsi *corev1.ISCSIVolumeSource, fldPath *field.Path) field.ErrorList {
	allErrs := requireStrings(fldPath, "targetPortal", iscsi.TargetPortal)
	const prefixMsg = "must be valid format starting with iqn, eui, or naa"
	if len(iscsi.IQN) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("iqn"), ""))
	} else {
		allErrs = append(allErrs, validateISCSIName(iscsi.IQN, fldPath.Child("iqn"), prefixMsg)...)
	}
	if iscsi.Lun < 0 || iscsi.Lun > 255 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("lun"), iscsi.Lun, validation.InclusiveRangeError(0, 255)))
	}
	if (iscsi.DiscoveryCHAPAuth || iscsi.SessionCHAPAuth) && iscsi.SecretRef == nil {
		allErrs = append(allErrs, field.Required(fldPath.Child("secretRef"), ""))
	}
	if iscsi.InitiatorName != nil {
		allErrs = append(allErrs, validateISCSIName(*iscsi.InitiatorName, fldPath.Child("initiatorname"), prefixMsg)...)
	}
	return allErrs
}

func validateFCVolumeSource(fc *corev1.FCVolumeSource, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if len(fc.TargetWWNs) < 1 && len(fc.WWIDs) < 1 {
		allErrs = append(allErrs, field.Required(fldPath.Child("targetWWNs"), "must specify either targetWWNs or wwids, but not both"))
	}
	if len(fc.TargetWWNs) != 0 && len(fc.WWIDs) != 0 {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("targetWWNs"), fc.TargetWWNs, "targetWWNs and wwids can not be specified simultaneously"))
	}
	if len(fc.TargetWWNs) != 0 {
		if fc.Lun == nil {
			allErrs = append(allErrs, field.Required(fldPath.Child("lun"), "lun is required if targetWWNs is specified"))
		} else if *fc.Lun < 0 || *fc.Lun > 255 {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("lun"), fc.Lun, validation.InclusiveRangeError(0, 255)))
		}
	}
	return allErrs
}

func validateFlockerVolumeSource(flocker *corev1.FlockerVolumeSource, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if len(flocker.DatasetName) == 0 && len(flocker.DatasetUUID) == 0 {
		allErrs = append(allErrs, field.Required(fldPath, "one of datasetName and datasetUUID is required"))
	}
	if len(flocker.DatasetName) != 0 && len(flocker.DatasetUUID) != 0 {
		allErrs = append(allErrs, field.Invalid(fldPath, "resource", "datasetName and datasetUUID can not be specified simultaneously"))
	}
	if strings.Contains(flocker.DatasetName, "/") {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("datasetName"), flocker.DatasetName, "must not contain '/'"))
	}
	return allErrs
}

func validateNFSVolumeSource(nfs *corev1.NFSVolumeSource, fldPath *field.Path) field.ErrorList {
	allErrs := requireStrings(fldPath, "server", nfs.Server, "path", nfs.Path)
	if !path.IsAbs(nfs.Path) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("path"), nfs.Path, "must be an absolute path"))
	}
	return allErrs
}

func validateQuobyteVolumeSource(quobyte *corev1.QuobyteVolumeSource, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	const registryMsg = "must be a host:port pair or multiple pairs separated by commas"
	switch {
	case len(quobyte.Registry) == 0:
		allErrs = append(allErrs, field.Required(fldPath.Child("registry"), registryMsg))
	case len(quobyte.Tenant) >= 65:
		allErrs = append(allErrs, field.Required(fldPath.Child("tenant"), "must be a UUID and may not exceed a length of 64 characters"))
	default:
		for _, hostPortPair := range strings.Split(quobyte.Registry, ",") {
			if _, _, err := net.SplitHostPort(hostPortPair); err != nil {
				allErrs = append(allErrs, field.Invalid(fldPath.Child("registry"), quobyte.Registry, registryMsg))
			}
		}
	}
	return append(allErrs, requireStrings(fldPath, "volume", quobyte.Volume)...)
}

func validateFlexVolumeSource(fv *corev1.FlexVolumeSource, fldPath *field.Path) field.ErrorList {
	allErrs := requireStrings(fldPath, "driver", fv.Driver)
	for k := range fv.Options {
		namespace := k
		if before, _, found := strings.Cut(k, "/"); found {
			namespace = before
		}
		normalized := "." + strings.ToLower(namespace)
		if strings.HasSuffix(normalized, ".kubernetes.io") || strings.HasSuffix(normalized, ".k8s.io") {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("options").Key(k), k, "kubernetes.io and k8s.io namespaces are reserved"))
		}
	}
	return allErrs
}

func validateAzureDisk(azure *corev1.AzureDiskVolumeSource, fldPath *field.Path) field.ErrorList {
	allErrs := requireStrings(fldPath, "diskName", azure.DiskName, "diskURI", azure.DataDiskURI)
	if azure.CachingMode != nil && !supportedAzureCachingModes.Has(*azure.CachingMode) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("cachingMode"), *azure.CachingMode, sets.List(supportedAzureCachingModes)))
	}
	if azure.Kind != nil && !supportedAzureDiskKinds.Has(*azure.Kind) {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("kind"), *azure.Kind, sets.List(supportedAzureDiskKinds)))
	}
	if azure.Kind != nil && *azure.Kind == corev1.AzureManagedDisk && !strings.HasPrefix(azure.DataDiskURI, "/subscriptions/") {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("diskURI"), azure.DataDiskURI,
			[]string{"/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"}))
	}
	if azure.Kind != nil && *azure.Kind != corev1.AzureManagedDisk && !strings.HasPrefix(azure.DataDiskURI, "https://") {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("diskURI"), azure.DataDiskURI,
			[]string{"https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"}))
	}
	return allErrs
}

func validateStorageOSVolumeSource(storageos *corev1.StorageOSVolumeSource, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if len(storageos.VolumeName) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("volumeName"), ""))
	} else {
		allErrs = append(allErrs, validateDNS1123Label(storageos.VolumeName, fldPath.Child("volumeName"))...)
	}
	if len(storageos.VolumeNamespace) > 0 {
		allErrs = append(allErrs, validateDNS1123Label(storageos.VolumeNamespace, fldPath.Child("volumeNamespace"))...)
	}
	if storageos.SecretRef != nil && len(storageos.SecretRef.Name) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("secretRef", "name"), ""))
	}
	return allErrs
}

func validateCSIVolumeSource(csi *corev1.CSIVolumeSource, fldPath *field.Path) field.ErrorList {
	allErrs := validateCSIDriverName(csi.Driver, fldPath.Child("driver"))
	if csi.NodePublishSecretRef != nil {
		if len(csi.NodePublishSecretRef.Name) == 0 {
			allErrs = append(allErrs, field.Required(fldPath.Child("nodePublishSecretRef", "name"), ""))
		} else {
			// Upstream reports a bad secret name at csi.name.
			allErrs = append(allErrs, validateNameWith(validateSecretName, csi.NodePublishSecretRef.Name, fldPath.Child("name"))...)
		}
	}
	return allErrs
}

// validateCSIDriverName requires a CSI driver name of at most 63 characters that, lowercased, is a
// DNS subdomain.
func validateCSIDriverName(driver string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if len(driver) == 0 {
		allErrs = append(allErrs, field.Required(fldPath, ""))
	}
	if len(driver) > 63 {
		allErrs = append(allErrs, field.TooLong(fldPath, "", 63))
	}
	for _, msg := range validation.IsDNS1123Subdomain(strings.ToLower(driver)) {
		allErrs = append(allErrs, field.Invalid(fldPath, driver, msg))
	}
	return allErrs
}

// validateEphemeralVolumeSource checks the claim template and that the
// claim it produces gets a valid name.
func validateEphemeralVolumeSource(ephemeral *corev1.EphemeralVolumeSource, fldPath *field.Path, volName string, podMeta *metav1.ObjectMeta) field.ErrorList {
	var allErrs field.ErrorList
	templatePath := fldPath.Child("ephemeral", "volumeClaimTemplate")
	if ephemeral.VolumeClaimTemplate == nil {
		allErrs = append(allErrs, field.Required(templatePath, ""))
	} else {
		allErrs = append(allErrs, validateClaimTemplate(ephemeral.VolumeClaimTemplate, templatePath)...)
	}
	if podMeta != nil && podMeta.Name != "" && volName != "" {
		pvcName := podMeta.Name + "-" + volName
		for _, msg := range apimachineryvalidation.NameIsDNSSubdomain(pvcName, false) {
			allErrs = append(allErrs, field.Invalid(fldPath.Child("name"), volName, fmt.Sprintf("PVC name %q: %v", pvcName, msg)))
		}
	}
	return allErrs
}

func validateImageVolumeSource(image *corev1.ImageVolumeSource, fldPath *field.Path, opts podValidationOptions) field.ErrorList {
	var allErrs field.ErrorList
	if opts.resourceIsPod && len(image.Reference) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("reference"), ""))
	}
	return append(allErrs, validatePullPolicy(image.PullPolicy, fldPath.Child("pullPolicy"))...)
}

func validateFileMode(mode *int32, fldPath *field.Path) field.ErrorList {
	if mode != nil && (*mode > 0777 || *mode < 0) {
		return field.ErrorList{field.Invalid(fldPath, *mode, fileModeErrorMsg)}
	}
	return nil
}

func validateSecretVolumeSource(secret *corev1.SecretVolumeSource, fldPath *field.Path) field.ErrorList {
	allErrs := requireStrings(fldPath, "secretName", secret.SecretName)
	allErrs = append(allErrs, validateFileMode(secret.DefaultMode, fldPath.Child("defaultMode"))...)
	for i := range secret.Items {
		allErrs = append(allErrs, validateKeyToPath(&secret.Items[i], fldPath.Child("items").Index(i))...)
	}
	return allErrs
}

func validateConfigMapVolumeSource(cm *corev1.ConfigMapVolumeSource, fldPath *field.Path) field.ErrorList {
	allErrs := requireStrings(fldPath, "name", cm.Name)
	allErrs = append(allErrs, validateFileMode(cm.DefaultMode, fldPath.Child("defaultMode"))...)
	for i := range cm.Items {
		allErrs = append(allErrs, validateKeyToPath(&cm.Items[i], fldPath.Child("items").Index(i))...)
	}
	return allErrs
}

func validateKeyToPath(kp *corev1.KeyToPath, fldPath *field.Path) field.ErrorList {
	allErrs := requireStrings(fldPath, "key", kp.Key, "path", kp.Path)
	allErrs = append(allErrs, validateLocalNonReservedPath(kp.Path, fldPath.Child("path"))...)
	return append(allErrs, validateFileMode(kp.Mode, fldPath.Child("mode"))...)
}

func validateDownwardAPIVolumeFile(file *corev1.DownwardAPIVolumeFile, fldPath *field.Path) field.ErrorList {
	allErrs := requireStrings(fldPath, "path", file.Path)
	allErrs = append(allErrs, validateLocalNonReservedPath(file.Path, fldPath.Child("path"))...)
	switch {
	case file.FieldRef != nil:
		allErrs = append(allErrs, validateObjectFieldSelector(file.FieldRef, validVolumeDownwardAPIFieldPathExpressions, fldPath.Child("fieldRef"))...)
		if file.ResourceFieldRef != nil {
			allErrs = append(allErrs, field.Invalid(fldPath, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"))
		}
	case file.ResourceFieldRef != nil:
		allErrs = append(allErrs, validateContainerResourceFieldSelector(file.ResourceFieldRef, fldPath.Child("resourceFieldRef"), true)...)
	default:
		allErrs = append(allErrs, field.Required(fldPath, "one of fieldRef and resourceFieldRef is required"))
	}
	return append(allErrs, validateFileMode(file.Mode, fldPath.Child("mode"))...)
}

// validateDownwardAPIVolumeSource reports item errors without an item index,
// as upstream does.
func validateDownwardAPIVolumeSource(dapi *corev1.DownwardAPIVolumeSource, fldPath *field.Path) field.ErrorList {
	allErrs := validateFileMode(dapi.DefaultMode, fldPath.Child("defaultMode"))
	for i := range dapi.Items {
		allErrs = append(allErrs, validateDownwardAPIVolumeFile(&dapi.Items[i], fldPath)...)
	}
	return allErrs
}

func validateProjectedVolumeSource(projection *corev1.ProjectedVolumeSource, fldPath *field.Path) field.ErrorList {
	allErrs := validateFileMode(projection.DefaultMode, fldPath.Child("defaultMode"))
	allPaths := sets.Set[string]{}
	// Upstream reports conflicting paths on the projected volume itself.
	notePath := func(p string, badValue string) {
		if allPaths.Has(p) {
			allErrs = append(allErrs, field.Invalid(fldPath, badValue, "conflicting duplicate paths"))
			return
		}
		allPaths.Insert(p)
	}
	// A duplicate key path is reported with the secret's or config map's name as its bad value.
	projectKeys := func(projPath *field.Path, name string, items []corev1.KeyToPath) {
		allErrs = append(allErrs, requireStrings(projPath, "name", name)...)
		for j := range items {
			allErrs = append(allErrs, validateKeyToPath(&items[j], projPath.Child("items").Index(j))...)
			if len(items[j].Path) > 0 {
				notePath(items[j].Path, name)
			}
		}
	}
	for i, source := range projection.Sources {
		numSources := 0
		srcPath := fldPath.Child("sources").Index(i)
		if source.Secret != nil {
			numSources++
			projectKeys(srcPath.Child("secret"), source.Secret.Name, source.Secret.Items)
		}
		if source.ConfigMap != nil {
			numSources++
			projectKeys(srcPath.Child("configMap"), source.ConfigMap.Name, source.ConfigMap.Items)
		}
		if source.DownwardAPI != nil {
			numSources++
			projPath := srcPath.Child("downwardAPI")
			for j := range source.DownwardAPI.Items {
				file := &source.DownwardAPI.Items[j]
				allErrs = append(allErrs, validateDownwardAPIVolumeFile(file, projPath)...)
				if len(file.Path) > 0 {
					notePath(file.Path, file.Path)
				}
			}
		}
		if source.ServiceAccountToken != nil {
			numSources++
			projPath := srcPath.Child("serviceAccountToken")
			sat := source.ServiceAccountToken
			allErrs = append(allErrs, validateTokenExpiration(sat.ExpirationSeconds, projPath.Child("expirationSeconds"))...)
			// Upstream reports the token path on the projected volume.
			if sat.Path == "" {
				allErrs = append(allErrs, field.Required(fldPath.Child("path"), ""))
			} else {
				allErrs = append(allErrs, validateLocalNonReservedPath(sat.Path, fldPath.Child("path"))...)
			}
		}
		if source.ClusterTrustBundle != nil {
			numSources++
			projPath := srcPath.Child("clusterTrustBundle")
			ctb := source.ClusterTrustBundle
			switch {
			case ctb.Name != nil && ctb.SignerName != nil:
				allErrs = append(allErrs, field.Invalid(projPath, internalShape{ctb}, "only one of name and signerName may be used"))
			case ctb.Name != nil:
				if *ctb.Name == "" {
					allErrs = append(allErrs, field.Required(projPath.Child("name"), "must be a valid object name"))
				}
				if ctb.LabelSelector != nil {
					allErrs = append(allErrs, field.Invalid(projPath.Child("labelSelector"), ctb.LabelSelector, "labelSelector must be unset if name is specified"))
				}
			case ctb.SignerName != nil:
				if *ctb.SignerName == "" {
					allErrs = append(allErrs, field.Required(projPath.Child("signerName"), "must be a valid signer name"))
				}
			default:
				allErrs = append(allErrs, field.Required(projPath, "either name or signerName must be specified"))
			}
			if ctb.Path == "" {
				allErrs = append(allErrs, field.Required(projPath.Child("path"), ""))
			}
			allErrs = append(allErrs, validateLocalNonReservedPath(ctb.Path, projPath.Child("path"))...)
			notePath(ctb.Path, ctb.Path)
		}
		if source.PodCertificate != nil {
			numSources++
		}
		if numSources > 1 {
			allErrs = append(allErrs, field.Forbidden(srcPath, "may not specify more than 1 volume type per source"))
		}
	}
	return allErrs
}

// validateLocalDescendingPath requires a relative path without ".." steps.
func validateLocalDescendingPath(targetPath string, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if path.IsAbs(targetPath) {
		allErrs = append(allErrs, field.Invalid(fldPath, targetPath, "must be a relative path"))
	}
	return append(allErrs, validatePathNoBacksteps(targetPath, fldPath)...)
}

func validatePathNoBacksteps(targetPath string, fldPath *field.Path) field.ErrorList {
	for _, item := range strings.Split(filepath.ToSlash(targetPath), "/") {
		if item == ".." {
			return field.ErrorList{field.Invalid(fldPath, targetPath, "must not contain '..'")}
		}
	}
	return nil
}

func validateLocalNonReservedPath(targetPath string, fldPath *field.Path) field.ErrorList {
	allErrs := validateLocalDescendingPath(targetPath, fldPath)
	// A leading "../" is already reported as a backstep.
	if strings.HasPrefix(targetPath, "..") && !strings.HasPrefix(targetPath, "../") {
		allErrs = append(allErrs, field.Invalid(fldPath, targetPath, "must not start with '..'"))
	}
	return allErrs
}

// validateVolumeMounts reports subPath, subPathExpr, mountPropagation and
// recursiveReadOnly problems on the volumeMounts list without an index, as
// upstream does.
func validateVolumeMounts(mounts []corev1.VolumeMount, volDevices map[string]string, volumes map[string]corev1.VolumeSource, container *corev1.Container, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	mountpoints := sets.New[string]()
	for i, mnt := range mounts {
		idxPath := fldPath.Index(i)
		if len(mnt.Name) == 0 {
			allErrs = append(allErrs, field.Required(idxPath.Child("name"), ""))
		}
		if _, ok := volumes[mnt.Name]; !ok {
			allErrs = append(allErrs, field.NotFound(idxPath.Child("name"), mnt.Name))
		}
		if len(mnt.MountPath) == 0 {
			allErrs = append(allErrs, field.Required(idxPath.Child("mountPath"), ""))
		}
		if mountpoints.Has(mnt.MountPath) {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("mountPath"), mnt.MountPath, "must be unique"))
		}
		mountpoints.Insert(mnt.MountPath)

		if _, ok := volDevices[mnt.Name]; ok {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("name"), mnt.Name, "must not already exist in volumeDevices"))
		}
		for _, devPath := range volDevices {
			if devPath == mnt.MountPath {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("mountPath"), mnt.MountPath, "must not already exist as a path in volumeDevices"))
				break
			}
		}
		if v, ok := volumes[mnt.Name]; ok && v.Image != nil {
			if len(mnt.SubPath) != 0 {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("subPath"), mnt.SubPath, "not allowed in image volume sources"))
			}
			if len(mnt.SubPathExpr) != 0 {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("subPathExpr"), mnt.SubPathExpr, "not allowed in image volume sources"))
			}
		}
		if len(mnt.SubPath) > 0 {
			allErrs = append(allErrs, validateLocalDescendingPath(mnt.SubPath, fldPath.Child("subPath"))...)
		}
		if len(mnt.SubPathExpr) > 0 {
			if len(mnt.SubPath) > 0 {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("subPathExpr"), mnt.SubPathExpr, "subPathExpr and subPath are mutually exclusive"))
			}
			allErrs = append(allErrs, validateLocalDescendingPath(mnt.SubPathExpr, fldPath.Child("subPathExpr"))...)
		}
		if mnt.MountPropagation != nil {
			allErrs = append(allErrs, validateMountPropagation(*mnt.MountPropagation, container, fldPath.Child("mountPropagation"))...)
		}
		allErrs = append(allErrs, validateMountRecursiveReadOnly(mnt, fldPath.Child("recursiveReadOnly"))...)
	}
	return allErrs
}

func validateMountPropagation(mp corev1.MountPropagationMode, container *corev1.Container, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if !supportedMountPropagations.Has(mp) {
		allErrs = append(allErrs, field.NotSupported(fldPath, mp, sets.List(supportedMountPropagations)))
	}
	privileged := container.SecurityContext != nil && container.SecurityContext.Privileged != nil && *container.SecurityContext.Privileged
	if mp == corev1.MountPropagationBidirectional && !privileged {
		allErrs = append(allErrs, field.Forbidden(fldPath, "Bidirectional mount propagation is available only to privileged containers"))
	}
	return allErrs
}

func validateMountRecursiveReadOnly(mount corev1.VolumeMount, fldPath *field.Path) field.ErrorList {
	if mount.RecursiveReadOnly == nil {
		return nil
	}
	var allErrs field.ErrorList
	switch *mount.RecursiveReadOnly {
	case corev1.RecursiveReadOnlyDisabled:
	case corev1.RecursiveReadOnlyEnabled, corev1.RecursiveReadOnlyIfPossible:
		if !mount.ReadOnly {
			allErrs = append(allErrs, field.Forbidden(fldPath, "may only be specified when readOnly is true"))
		}
		if mount.MountPropagation != nil && *mount.MountPropagation != corev1.MountPropagationNone {
			allErrs = append(allErrs, field.Forbidden(fldPath, "may only be specified when mountPropagation is None or not specified"))
		}
	default:
		allErrs = append(allErrs, field.NotSupported(fldPath, *mount.RecursiveReadOnly, sets.List(supportedRecursiveReadOnly)))
	}
	return allErrs
}

func validateVolumeDevices(devices []corev1.VolumeDevice, volMounts map[string]string, volumes map[string]corev1.VolumeSource, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	devicePaths := sets.New[string]()
	deviceNames := sets.New[string]()
	for i, dev := range devices {
		idxPath := fldPath.Index(i)
		source, matched := volumes[dev.Name]
		isPVC := matched && (source.PersistentVolumeClaim != nil || source.Ephemeral != nil)
		if len(dev.Name) == 0 {
			allErrs = append(allErrs, field.Required(idxPath.Child("name"), ""))
		}
		if deviceNames.Has(dev.Name) {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("name"), dev.Name, "must be unique"))
		}
		if matched && !isPVC {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("name"), dev.Name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"))
		}
		if !matched {
			allErrs = append(allErrs, field.NotFound(idxPath.Child("name"), dev.Name))
		}
		if len(dev.DevicePath) == 0 {
			allErrs = append(allErrs, field.Required(idxPath.Child("devicePath"), ""))
		}
		if devicePaths.Has(dev.DevicePath) {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("devicePath"), dev.DevicePath, "must be unique"))
		}
		if len(dev.DevicePath) > 0 && len(validatePathNoBacksteps(dev.DevicePath, fldPath)) > 0 {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("devicePath"), dev.DevicePath, "can not contain backsteps ('..')"))
		} else {
			devicePaths.Insert(dev.DevicePath)
		}
		if _, ok := volMounts[dev.Name]; ok {
			allErrs = append(allErrs, field.Invalid(idxPath.Child("name"), dev.Name, "must not already exist in volumeMounts"))
		}
		for _, mountPath := range volMounts {
			if mountPath == dev.DevicePath {
				allErrs = append(allErrs, field.Invalid(idxPath.Child("devicePath"), dev.DevicePath, "must not already exist as a path in volumeMounts"))
				break
			}
		}
		if len(dev.Name) > 0 {
			deviceNames.Insert(dev.Name)
		}
	}
	return allErrs
}

const (
	// minTokenAgeSeconds is the shortest lifetime a service account token may be requested for.
	minTokenAgeSeconds = 10 * 60
	// maxTokenAgeSeconds is the longest.
	maxTokenAgeSeconds = 1 << 32
)

// validateTokenExpiration bounds a requested token lifetime. An unset expiration converts to 0
// upstream, so it fails the minimum.
func validateTokenExpiration(expirationSeconds *int64, fldPath *field.Path) field.ErrorList {
	var expiration int64
	if expirationSeconds != nil {
		expiration = *expirationSeconds
	}
	var allErrs field.ErrorList
	if expiration < minTokenAgeSeconds {
		allErrs = append(allErrs, field.Invalid(fldPath, expiration, "may not specify a duration less than 10 minutes"))
	}
	if expiration > maxTokenAgeSeconds {
		allErrs = append(allErrs, field.Invalid(fldPath, expiration, "may not specify a duration larger than 2^32 seconds"))
	}
	return allErrs
}

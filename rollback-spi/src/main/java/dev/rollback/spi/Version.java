package dev.rollback.spi;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A released version of a deployment: its identifier and the image each container runs.
 *
 * @param id the version identifier, a Kubernetes label value such as {@code v2} or {@code 1.4.2}
 * @param images the containers and their images; at least one, container names unique
 */
public record Version(String id, List<ContainerImage> images) {
  /** Validates the id and the images and copies the list. */
  public Version {
    Checks.labelValue(id, "Version.id");
    images = Checks.nonEmptyList(images, "Version.images");
    Set<String> seen = new HashSet<>();
    for (ContainerImage image : images) {
      if (!seen.add(image.container())) {
        throw new InvalidValueException(
            "Version.images names container '" + image.container() + "' twice; names must be unique");
      }
    }
  }

  /** Returns a version with a single container {@code container} running {@code image}. */
  public static Version of(String id, String container, String image) {
    return new Version(id, List.of(ContainerImage.of(container, image)));
  }

  @Override
  public String toString() {
    return id
        + images.stream()
            .map(i -> i.container() + "=" + i.image())
            .collect(java.util.stream.Collectors.joining(", ", " (", ")"));
  }
}
